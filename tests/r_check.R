#!/usr/bin/env Rscript
# Loads every CSV file of a `votebloc analyze -o DIR` folder with R's read.csv, with the column
# types documented in notebooks-data/README.md (text and codes as character, integers as
# integer, numbers as numeric, booleans as logical), and checks the columns, their order and
# that every value parses as its type.
#
#   cargo run --release -- analyze -o /tmp/votebloc-out
#   Rscript tests/r_check.R /tmp/votebloc-out
#
# Exits with status 0 when everything holds, 1 with one line per problem otherwise. Needs only
# base R (Debian's r-base-core).

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) {
  cat("usage: Rscript tests/r_check.R DIR\n")
  quit(status = 2)
}
folder <- args[1]
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
readme <- file.path(dirname(normalizePath(script)), "..", "notebooks-data", "README.md")

files <- c("votes.csv", "motions.csv", "members.csv", "notes.csv", "blocs.csv",
           "similarity.csv", "swing.csv", "split_votes.csv", "defections.csv", "cohesion.csv",
           "cohesion_summary.csv", "ideal.csv", "ideal_motions.csv")
# Written only when the ideal-point stage ran (`analyze --no-ideal` or above its ceiling: not).
optional <- c("ideal.csv", "ideal_motions.csv")
classes <- c(text = "character", code = "character", date = "character", integer = "integer",
             number = "numeric", share = "numeric", boolean = "logical")
problems <- character(0)
problem <- function(text) problems <<- c(problems, text)

lines <- readLines(readme, encoding = "UTF-8")

# The documented columns of `name`: the first table after its `### name` heading, one entry
# per backticked column name of a row, typed by the first word of the row's type cell.
documented <- function(name) {
  heading <- which(startsWith(lines, paste0("### ", name, " ")))
  if (length(heading) != 1) {
    problem(paste0("README: no section for ", name))
    return(NULL)
  }
  rest <- lines[(heading + 1):length(lines)]
  start <- which(startsWith(rest, "| column | type |"))[1]
  if (is.na(start)) {
    problem(paste0("README: ", name, ": no table of columns"))
    return(NULL)
  }
  table <- character(0)
  for (line in rest[(start + 2):length(rest)]) {
    if (!startsWith(line, "|")) break
    table <- c(table, line)
  }
  columns <- character(0)
  for (line in table) {
    cells <- trimws(strsplit(sub("^\\|", "", line), "|", fixed = TRUE)[[1]])
    kind <- strsplit(cells[2], " ")[[1]][1]
    if (!(kind %in% names(classes))) {
      problem(paste0("README: ", name, ": unknown type ", cells[2]))
      next
    }
    names_in_row <- regmatches(cells[1], gregexpr("`[^`]+`", cells[1]))[[1]]
    for (column in gsub("`", "", names_in_row)) columns[column] <- classes[[kind]]
  }
  columns
}

for (name in files) {
  columns <- documented(name)
  if (is.null(columns)) next
  path <- file.path(folder, name)
  if (!file.exists(path)) {
    if (!(name %in% optional)) problem(paste0(name, ": missing"))
    next
  }
  header <- strsplit(readLines(path, n = 1, encoding = "UTF-8"), ",", fixed = TRUE)[[1]]
  if (!identical(header, names(columns))) {
    problem(paste0(name, ": columns ", paste(header, collapse = ","), ", documented ",
                   paste(names(columns), collapse = ",")))
    next
  }
  frame <- tryCatch(
    read.csv(path, colClasses = unname(columns), na.strings = "", fileEncoding = "UTF-8",
             check.names = FALSE),
    error = function(e) {
      problem(paste0(name, ": does not load with the documented types: ", conditionMessage(e)))
      NULL
    })
  if (is.null(frame)) next
  for (column in names(columns)) {
    if (class(frame[[column]]) != columns[[column]]) {
      problem(paste0(name, ": ", column, " read as ", class(frame[[column]]), ", documented ",
                     columns[[column]]))
    }
  }
  # Text that looks like a number stays text: ids keep their leading zeros and digits.
  keyed <- c("votes.csv", "motions.csv", "split_votes.csv", "defections.csv", "cohesion.csv")
  if (name %in% keyed && any(is.na(frame$motion))) {
    problem(paste0(name, ": a motion id read as missing"))
  }
}

if (length(problems) > 0) {
  cat(paste0("r_check: ", problems, "\n"), sep = "")
  quit(status = 1)
}
cat(sprintf("r_check: %d CSV files load with the documented columns and types\n", length(files)))
