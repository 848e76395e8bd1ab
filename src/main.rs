use clap::Parser as _;

fn main() {
    zenbraze::app::mark_process_start();
    let cli = zenbraze::cli::Cli::parse();
    match cli.command {
        Some(command) => std::process::exit(zenbraze::cli::run(command)),
        None => {
            if let Err(e) = zenbraze::app::run_native() {
                eprintln!("zenbraze: cannot open the window: {e}");
                std::process::exit(2);
            }
        }
    }
}
