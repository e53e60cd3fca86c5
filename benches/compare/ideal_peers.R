# Ideal points of one roll-call matrix by the R programs votebloc is compared with, timed.
#   Rscript ideal_peers.R MATRIX.csv OUT_DIR [PEER …]
# MATRIX.csv: first column member, then one column per roll call with 1 yea, 0 nay, empty
# otherwise. PEER: pscl, mcmcpack, wnominate, emirt (default: all available). Writes
# OUT_DIR/PEER.csv (member,ideal) and prints "PEER seconds" per peer. Each fit includes its
# own data preparation; lopsided votes (< 2.5 %) and members with < 20 votes are left out
# before, as votebloc does.
args <- commandArgs(trailingOnly = TRUE)
lib <- Sys.getenv("VOTEBLOC_RLIB", "/tmp/ideal/Rlib")
if (dir.exists(lib)) .libPaths(c(lib, .libPaths()))
m <- read.csv(args[1], check.names = FALSE)
out <- args[2]
peers <- if (length(args) > 2) args[-(1:2)] else c("pscl", "mcmcpack", "wnominate", "emirt")
members <- as.character(m[[1]])
votes <- as.matrix(m[, -1])
rownames(votes) <- members
anchor <- as.integer(Sys.getenv("VOTEBLOC_ANCHOR_ROW", "1"))
write_out <- function(peer, x, seconds) {
  write.csv(data.frame(member = names(x), ideal = as.numeric(x)), file.path(out, paste0(peer, ".csv")), row.names = FALSE)
  cat(peer, seconds, "\n")
}
suppressPackageStartupMessages(library(pscl))
for (peer in peers) {
  if (peer == "pscl") {
    t <- system.time({
      rc <- rollcall(votes, yea = 1, nay = 0, missing = NA, notInLegis = NULL, legis.names = members)
      fit <- ideal(rc, d = 1, maxiter = 10000, burnin = 1000, thin = 100, normalize = TRUE, verbose = FALSE)
    })[["elapsed"]]
    x <- fit$xbar[, 1]; names(x) <- rownames(fit$xbar)
    write_out(peer, x, t)
  } else if (peer == "mcmcpack") {
    suppressPackageStartupMessages(library(MCMCpack))
    t <- system.time({
      post <- MCMCirt1d(votes, burnin = 1000, mcmc = 10000, thin = 10, verbose = 0,
                        theta.constraints = setNames(list("+"), members[anchor]))
      s <- summary(post)$statistics
      x <- s[grep("^theta", rownames(s)), "Mean"]
    })[["elapsed"]]
    names(x) <- members
    write_out(peer, x, t)
  } else if (peer == "wnominate") {
    if (!requireNamespace("wnominate", quietly = TRUE)) { cat("wnominate not installed\n"); next }
    t <- system.time({
      rc <- rollcall(votes, yea = 1, nay = 0, missing = NA, notInLegis = NULL, legis.names = members)
      fit <- wnominate::wnominate(rc, dims = 2, polarity = c(anchor, anchor), verbose = FALSE,
                                  lop = 0.025, minvotes = 20, trials = 3)
    })[["elapsed"]]
    x <- fit$legislators$coord1D; names(x) <- rownames(fit$legislators)
    write_out(peer, x, t)
  } else if (peer == "emirt") {
    if (!requireNamespace("emIRT", quietly = TRUE)) { cat("emIRT not installed\n"); next }
    t <- system.time({
      rc <- rollcall(votes, yea = 1, nay = 0, missing = NA, notInLegis = NULL, legis.names = members)
      rc <- emIRT::convertRC(rc)
      p <- emIRT::makePriors(rc$n, rc$m, 1)
      s <- emIRT::getStarts(rc$n, rc$m, 1)
      fit <- emIRT::binIRT(.rc = rc, .starts = s, .priors = p,
                           .control = list(threads = 1, verbose = FALSE, thresh = 1e-6))
    })[["elapsed"]]
    x <- fit$means$x[, 1]; names(x) <- members
    write_out(peer, x, t)
  }
}
