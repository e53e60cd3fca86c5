use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = votebloc::cmd::Cli::parse();
    match votebloc::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if votebloc::cmd::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(votebloc::cmd::exit_code(&err) as u8)
        }
    }
}
