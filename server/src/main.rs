//! `dangjian`: the Dangjian Cloud server and its operations commands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use server::{config::Config, seed, storage::Db};

// Rendering a page allocates and frees many small strings on several threads at once; glibc's
// allocator spent about a fifth of the CPU time of a loaded server (bench/boards.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "dangjian", version, about = "党建云 Dangjian Cloud server")]
struct Cli {
    /// Configuration file (TOML). Environment variables DANGJIAN_* override it.
    #[arg(long, global = true, env = "DANGJIAN_CONFIG")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve the app (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed {
        /// The demo county (新田县): 852 organizations, 20,138 members and demo accounts.
        #[arg(long)]
        demo: bool,
        /// Build a dataset of this many members instead (benchmarks).
        #[arg(long)]
        members: Option<u32>,
    },
    /// The record trail (全程记实).
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Measurements for bench/ (run on a seeded database).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Send the day's inbox reminders now (ranking nudges, deadlines) unless already sent;
    /// `serve` does this every morning by itself.
    Reminders {
        /// The day to run for (YYYY-MM-DD); today in China by default.
        #[arg(long)]
        date: Option<String>,
    },
    /// A consistent online copy of the SQLite database (PostgreSQL: prints the pg_dump way).
    Backup {
        /// The new file to write; never overwritten.
        #[arg(long)]
        to: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// p50/p99 of the key queries (subtree members, branch and committee rankings).
    Queries {
        #[arg(long, default_value_t = 200)]
        iterations: usize,
    },
    /// Serve one bare axum handler on the listen address (the floor for bench/boards.sh).
    Bare,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain and every record row against it; names the first broken link.
    Verify,
}

#[tokio::main]
async fn main() -> ExitCode {
    server::telemetry::init();
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("配置错误 / configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    match run(cli.command.unwrap_or(Command::Serve), config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "command failed");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    match command {
        Command::Migrate => {
            println!("数据库已迁移到最新版本 ({})", db.engine());
            Ok(())
        }
        Command::Seed { demo, members } => {
            if !demo {
                anyhow::bail!("nothing to seed: pass --demo");
            }
            let plan = seed::DemoPlan::new(members);
            let report = seed::seed_demo(&db, &plan).await?;
            println!("{report}");
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let report = server::trail::verify(&db).await?;
            println!("{report}");
            if report.is_intact() {
                Ok(())
            } else {
                anyhow::bail!("记录链校验失败 / the record trail does not verify")
            }
        }
        Command::Backup { to } => {
            let bytes = server::ops::backup(&db, &to).await?;
            println!("已备份到 {}（{bytes} 字节）", to.display());
            Ok(())
        }
        Command::Bench {
            command: BenchCommand::Queries { iterations },
        } => {
            let report = server::ops::bench::queries(&db, iterations).await?;
            print!("{report}");
            Ok(())
        }
        Command::Bench {
            command: BenchCommand::Bare,
        } => server::ops::bench::serve_bare(config.listen).await,
        Command::Reminders { date } => {
            let today = match date {
                Some(d) => {
                    domain::Date::parse(&d).map_err(|e| anyhow::anyhow!("{}", e.message_zh()))?
                }
                None => server::clock::today_china(),
            };
            let report = server::reminders::run_daily(&db, today).await?;
            println!("{report}");
            Ok(())
        }
        Command::Serve => server::http::serve(config, db).await,
    }
}
