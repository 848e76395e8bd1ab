use clap::Parser as _;

fn main() {
    #[cfg(feature = "gui")]
    zenbraze::app::mark_process_start();
    let cli = zenbraze::cli::Cli::parse();
    zenbraze::cli::set_language(cli.language());
    match cli.command {
        Some(command) => std::process::exit(zenbraze::cli::run(command)),
        None => std::process::exit(open_window()),
    }
}

#[cfg(feature = "gui")]
fn open_window() -> i32 {
    match zenbraze::ui::window::run_native() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("zenbraze: cannot open the window: {e}");
            2
        }
    }
}

/// The CLI-only build (`--no-default-features`) has no window: say so and show the commands.
#[cfg(not(feature = "gui"))]
fn open_window() -> i32 {
    use clap::CommandFactory as _;
    eprintln!("zenbraze: this build is the command line only (built without the `gui` feature)\n");
    let _ = zenbraze::cli::Cli::command().print_help();
    2
}
