# emIRT's dynamic binary IRT (dynIRT; Imai, Lo & Olmsted 2016) on the UNGA history, for the
# side-by-side timing of `votebloc ideal --by session --dynamic` (BENCHMARKS.md, "The dynamic
# fit's speed"). Input: the folder `votebloc ingest un_votes.csv.gz --roll-calls … -o DIR`
# writes (votes.csv, motions.csv). Yes = 1, no = −1, abstentions missing (dynIRT is binary);
# the same lopsided rule as votebloc (2.5 % minority); the Martin & Quinn walk variance 0.1,
# emIRT's priors of its own example; threads 1. Prints the time of the fit alone, the
# sessions in which the USA is on the negative side, and writes DIR/dynirt.csv
# (member,session,ideal) for the correlation with votebloc's ideal.csv.
#
#   Rscript benches/compare/dynirt_unga.R DIR
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
lib <- Sys.getenv("VOTEBLOC_RLIB", "/tmp/ideal/Rlib")
if (dir.exists(lib)) .libPaths(c(lib, .libPaths()))
suppressPackageStartupMessages(library(emIRT))

votes <- read.csv(file.path(dir, "votes.csv"), colClasses = "character")
motions <- read.csv(file.path(dir, "motions.csv"), colClasses = "character")
session <- setNames(as.integer(motions$session), motions$motion)
votes <- votes[votes$vote %in% c("yes", "no"), ]
votes$session <- session[votes$motion]
votes <- votes[!is.na(votes$session), ]
# Lopsided motions out, as votebloc and W-NOMINATE do.
share <- tapply(votes$vote == "yes", votes$motion, mean)
kept <- names(share)[pmin(share, 1 - share) >= 0.025]
votes <- votes[votes$motion %in% kept, ]

members <- sort(unique(votes$member))
items <- kept[order(session[kept], as.integer(kept))]
sessions <- sort(unique(session[items]))
t_of <- match(session[items], sessions) - 1
rc <- matrix(0, length(members), length(items), dimnames = list(members, items))
rc[cbind(match(votes$member, members), match(votes$motion, items))] <-
  ifelse(votes$vote == "yes", 1, -1)
first <- tapply(match(votes$session, sessions) - 1, votes$member, min)[members]
last <- tapply(match(votes$session, sessions) - 1, votes$member, max)[members]
n <- length(members); j <- length(items); nt <- length(sessions)

set.seed(1)
data <- list(rc = rc, startlegis = matrix(first, ncol = 1), endlegis = matrix(last, ncol = 1),
             bill.session = matrix(t_of, ncol = 1), T = nt)
starts <- list(alpha = matrix(0, j, 1), beta = matrix(rnorm(j, 0, 0.1), j, 1),
               x = matrix(rnorm(n * nt, 0, 1), n, nt))
priors <- list(x.mu0 = matrix(0, n, 1), x.sigma0 = matrix(1, n, 1),
               beta.mu = matrix(0, 2, 1), beta.sigma = matrix(c(25, 0, 0, 25), 2, 2),
               omega2 = matrix(0.1, n, 1))
time <- system.time(
  fit <- dynIRT(.data = data, .starts = starts, .priors = priors,
                .control = list(threads = 1, verbose = FALSE, thresh = 1e-6, maxit = 5000))
)[["elapsed"]]
x <- fit$means$x
usa <- x["USA", ]
served <- function(i, t) t >= first[i] + 1 && t <= last[i] + 1
cat(sprintf("dynIRT: %d members, %d motions, %d sessions, %d iterations, %.2f s\n",
            n, j, nt, fit$runtime$iters, time))
# The sign of a session is free in dynIRT: count the sessions where the USA is negative.
usa_served <- (first["USA"] + 1):(last["USA"] + 1)
cat(sprintf("sessions with the USA on the negative side: %d of %d\n",
            sum(usa[usa_served] < 0), length(usa_served)))
rows <- which(outer(seq_len(n), seq_len(nt), Vectorize(served)), arr.ind = TRUE)
write.csv(data.frame(member = members[rows[, 1]], session = sessions[rows[, 2]],
                     ideal = x[rows]), file.path(dir, "dynirt.csv"), row.names = FALSE)
