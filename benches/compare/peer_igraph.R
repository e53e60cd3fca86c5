# Peer recipe in R: data.table, agreement index by matrix products, igraph cluster_leiden.
#
#   Rscript peer_igraph.R INPUT OUTPUT.csv [ROLL_CALLS.csv]
#
# With ROLL_CALLS (unvotes roll-call table), one analysis per session (period,member,bloc);
# otherwise member,bloc. Same steps and choices as peer_common.py: agreement index (yes = 1,
# abstain = 0.5, no = 0; mean of 1 - |a - b| over common votes), each member's 30 most similar
# members (ties: smaller row first), modularity, seed 42 (set.seed), n_iterations = -1.

suppressPackageStartupMessages({
  library(data.table)
  library(igraph)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript peer_igraph.R INPUT OUTPUT.csv [ROLL_CALLS.csv]")
input <- args[1]
output <- args[2]
roll_calls <- if (length(args) >= 3) args[3] else NA
seed <- 42L
k_nearest <- 30L

load_votes <- function(path) {
  header <- tolower(names(fread(path, nrows = 0)))
  if (all(c("rcid", "country", "vote") %in% header)) {
    d <- fread(path, select = c("rcid", "country", "vote"))
    d <- d[, .(motion = rcid, member = country,
               value = c(yes = 1, abstain = 0.5, no = 0)[vote])]
  } else if (all(c("rollnumber", "icpsr", "cast_code") %in% header)) {
    d <- fread(path, select = c("rollnumber", "icpsr", "cast_code"))
    codes <- c(1, 1, 1, 0, 0, 0, 0.5, 0.5, NA)  # cast codes 1..9; 0 is not a vote either
    d <- d[, .(motion = rollnumber, member = as.character(as.integer(icpsr)),
               value = ifelse(cast_code >= 1 & cast_code <= 9, codes[pmax(cast_code, 1L)], NA))]
  } else {
    d <- fread(path, select = c("motion", "member", "vote"))
    d <- d[, .(motion, member = as.character(member),
               value = c(yes = 1, abstain = 0.5, no = 0)[tolower(vote)])]
  }
  d[!is.na(value)]
}

find_blocs <- function(d) {
  members <- sort(unique(d$member))
  motions <- unique(d$motion)
  v <- matrix(NA_real_, length(members), length(motions))
  v[cbind(match(d$member, members), match(d$motion, motions))] <- d$value
  yes <- (!is.na(v) & v == 1) * 1
  no <- (!is.na(v) & v == 0) * 1
  abstain <- (!is.na(v) & v == 0.5) * 1
  cast <- yes + no + abstain
  common <- tcrossprod(cast)
  yes_no <- tcrossprod(yes, no)
  abstain_other <- tcrossprod(abstain, yes + no)
  similarity <- 1 - (yes_no + t(yes_no) + 0.5 * (abstain_other + t(abstain_other))) / common
  similarity[common == 0] <- NA
  n <- length(members)
  k <- min(k_nearest, n - 1L)
  scores <- similarity
  diag(scores) <- -Inf
  scores[is.na(scores)] <- -Inf
  from <- integer(0)
  to <- integer(0)
  for (i in seq_len(n)) {
    nearest <- order(-scores[i, ], seq_len(n))[seq_len(k)]
    nearest <- nearest[is.finite(scores[i, nearest])]
    from <- c(from, pmin(i, nearest))
    to <- c(to, pmax(i, nearest))
  }
  pairs <- unique(data.table(from, to))
  graph <- make_empty_graph(n, directed = FALSE)
  graph <- add_edges(graph, rbind(pairs$from, pairs$to),
                     weight = similarity[cbind(pairs$from, pairs$to)])
  set.seed(seed)
  clusters <- cluster_leiden(graph, objective_function = "modularity",
                             weights = E(graph)$weight, n_iterations = -1)
  membership <- membership(clusters)
  sizes <- table(membership)
  first <- tapply(seq_along(membership), membership, min)
  rank <- order(-as.integer(sizes), as.integer(first[names(sizes)]))
  renamed <- match(as.character(membership), names(sizes)[rank])
  data.table(member = members, bloc = renamed)
}

votes <- load_votes(input)
if (is.na(roll_calls)) {
  fwrite(find_blocs(votes), output)
} else {
  sessions <- fread(roll_calls, select = c("rcid", "session"))
  votes <- merge(votes, sessions, by.x = "motion", by.y = "rcid")
  result <- rbindlist(lapply(sort(unique(votes$session)), function(s) {
    part <- votes[session == s]
    if (length(unique(part$member)) < 2) return(NULL)
    cbind(period = s, find_blocs(part))
  }))
  fwrite(result, output)
}
