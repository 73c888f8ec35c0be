//! `inboxd`: parses the command line, installs logging and runs the chosen command.

use clap::Parser;
use inbox_server::cli::{Cli, Command, UserCommand};
use inbox_server::error::cause_chain;
use inbox_server::{Application, Settings, StartupError, app, commands, telemetry, users};
use std::process::ExitCode;
use std::time::Duration;

/// A faster allocator than the system one for the many small, short-lived allocations of
/// request handling (measured: docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            // Logging is not configured yet: say it plainly on stderr.
            eprintln!("inboxd: {}", cause_chain(&error));
            return ExitCode::FAILURE;
        }
    };
    telemetry::init(&settings.log);
    match run(cli.command, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error.cause_chain = %cause_chain(&error), "inboxd stopped with an error");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, mut settings: Settings) -> Result<(), StartupError> {
    match command {
        Command::Serve(args) => {
            args.apply(&mut settings);
            let app = Application::build(&settings).await?;
            app.run_until(app::shutdown_signal()).await
        }
        Command::Migrate(args) => {
            args.apply(&mut settings);
            commands::migrate(&settings).await
        }
        Command::SeedDemo(args) => {
            args.apply(&mut settings);
            commands::seed_demo(&settings).await
        }
        Command::User(UserCommand::Add(args)) => {
            args.storage.apply(&mut settings);
            let request = users::AddUser {
                email: args.email,
                name: args.name,
                role: args.role,
                account: args.account,
            };
            users::add_user(&settings, request).await
        }
        Command::Token(args) => {
            args.storage.apply(&mut settings);
            users::print_token(&settings, &args.email, Duration::from_secs(args.ttl_secs)).await
        }
    }
}
