fn main() {
    #[cfg(feature = "gui")]
    zenbraze::app::mark_process_start();
    // clap's help and argument errors in the language the arguments (or the locale) ask for.
    let cli = zenbraze::cli::help::parse();
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
    eprintln!("zenbraze: this build is the command line only (built without the `gui` feature)\n");
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let catalogue = zenbraze::i18n::Catalogue::get(zenbraze::cli::help::language_of(&args));
    let _ = zenbraze::cli::help::command(catalogue).print_help();
    2
}
