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
    /// First start of a real deployment: the county organization and its first county
    /// administrator, on an empty database. Prints the administrator's one-time password once.
    Init {
        /// The county organization's name, exactly as imports will name it as a parent.
        #[arg(long)]
        county: String,
        /// The first county administrator's mobile number (their login).
        #[arg(long)]
        admin_mobile: String,
        /// The administrator's name as shown in the app.
        #[arg(long)]
        admin_name: Option<String>,
    },
    /// Load data into the database.
    Seed {
        /// The demo county (新田县): 852 organizations, 20,138 members and demo accounts.
        #[arg(long)]
        demo: bool,
        /// Build a dataset of this many members instead (benchmarks).
        #[arg(long)]
        members: Option<u32>,
    },
    /// Organizations or members from an Excel workbook (.xlsx), or the workbook to fill in.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
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
    /// Write the demo county as import workbooks (orgs.xlsx, members.xlsx) into DIR, and the
    /// county root's name on stdout (for bench/import.sh).
    Workbooks {
        dir: std::path::PathBuf,
        #[arg(long)]
        members: Option<u32>,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Write the workbook to fill in: `orgs` or `members`.
    Template {
        what: String,
        file: std::path::PathBuf,
    },
    /// Import organizations; with --dry-run check every row and write nothing.
    Orgs {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Import members (organizations first); with --dry-run check every row and write nothing.
    /// New members get accounts with one-time passwords, one workbook per branch.
    Members {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// Where the per-branch password workbooks go (never shown again).
        #[arg(long, default_value = "one-time-passwords")]
        passwords_out: std::path::PathBuf,
    },
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

/// `dangjian import`: every problem on stderr by row and column; non-zero exit when any row is
/// wrong, and then nothing is written.
async fn import(db: &Db, command: ImportCommand) -> anyhow::Result<()> {
    use server::import::{self as imp, Checked};
    let read = |file: &std::path::Path| {
        std::fs::read(file).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", file.display()))
    };
    let refused = |problems: Vec<domain::import::Problem>| -> anyhow::Result<()> {
        for p in &problems {
            eprintln!("{p}");
        }
        anyhow::bail!(
            "有 {} 处问题，没有写入任何数据：请改正后重新导入",
            problems.len()
        )
    };
    match command {
        ImportCommand::Template { what, file } => {
            let kind = imp::Kind::parse(&what)
                .ok_or_else(|| anyhow::anyhow!("模板只有 orgs（组织）和 members（党员）两种"))?;
            std::fs::write(&file, imp::template::workbook(kind)?)?;
            println!("已写入模板 {}", file.display());
            Ok(())
        }
        ImportCommand::Orgs { file, dry_run } => {
            match imp::check_orgs(db, &read(&file)?, &imp::Progress::default()).await? {
                Checked::Refused(problems) => refused(problems),
                Checked::Ready(plan) if dry_run => {
                    println!("检查通过（试运行，没有写入）：{}", plan.outcome());
                    Ok(())
                }
                Checked::Ready(plan) => {
                    let outcome =
                        imp::apply_orgs(db, &plan, None, &imp::Progress::default()).await?;
                    println!("已导入组织：{outcome}");
                    Ok(())
                }
            }
        }
        ImportCommand::Members {
            file,
            dry_run,
            passwords_out,
        } => {
            let today = server::clock::today_china();
            let progress = imp::Progress::default();
            let line = progress_line(progress.clone());
            let checked = imp::check_members(db, &read(&file)?, today, &progress).await?;
            let plan = match checked {
                Checked::Ready(plan) if !dry_run => plan,
                Checked::Ready(plan) => {
                    drop(line);
                    println!("检查通过（试运行，没有写入）：{}", plan.outcome());
                    return Ok(());
                }
                Checked::Refused(problems) => {
                    drop(line);
                    return refused(problems);
                }
            };
            let (outcome, created) = imp::apply_members(db, &plan, None, &progress).await?;
            drop(line);
            println!("已导入党员：{outcome}");
            issue_passwords(db, &created, &passwords_out).await
        }
    }
}

/// A progress line on stderr, redrawn every second while the returned guard lives.
fn progress_line(progress: server::import::Progress) -> ProgressLine {
    let shown = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = shown.clone();
    ProgressLine(
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                tick.tick().await;
                let (phase, done, total) = progress.now();
                if total > 0 {
                    eprint!("\r{}：{done}/{total}    ", phase.label_zh());
                    flag.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }),
        shown,
    )
}

/// Stops the line when dropped, ending it so that what is printed next starts a line of its own.
struct ProgressLine(
    tokio::task::JoinHandle<()>,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
);

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.0.abort();
        if self.1.load(std::sync::atomic::Ordering::Relaxed) {
            eprintln!();
        }
    }
}

/// Accounts for the members an import created, and the branches' password workbooks.
async fn issue_passwords(
    db: &Db,
    created: &[domain::MemberId],
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let issued = server::import::accounts::issue(db, created, |done, total| {
        eprint!("\r生成登录账号：{done}/{total}");
    })
    .await?;
    if !created.is_empty() {
        eprintln!();
    }
    if issued.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let stamp = server::clock::now_rfc3339().replace([':', '-'], "");
    let stamp = stamp.get(..15).unwrap_or(&stamp).to_owned();
    let sheets = server::import::accounts::sheets(&issued)?;
    for (org, bytes) in &sheets {
        let safe: String = org
            .chars()
            .map(|c| if c == '/' || c == '\\' { '_' } else { c })
            .collect();
        std::fs::write(dir.join(format!("{safe}-{stamp}.xlsx")), bytes)?;
    }
    println!(
        "已为 {} 名党员生成登录账号（{:.0} 秒）；{} 个支部的一次性密码表在 {}（不会再次显示，请妥善分发）",
        issued.len(),
        started.elapsed().as_secs_f64(),
        sheets.len(),
        dir.display()
    );
    Ok(())
}

/// `dangjian init`: refusals in Chinese, naming what to do instead.
async fn init(
    db: &Db,
    county: &str,
    admin_mobile: &str,
    admin_name: Option<&str>,
) -> anyhow::Result<()> {
    use secrecy::ExposeSecret as _;
    use server::error::ServiceError;
    let input = server::setup::InitInput {
        county,
        admin_mobile,
        admin_name,
    };
    match server::setup::init(db, &input).await {
        Ok(done) => {
            println!(
                "已创建县级党组织「{}」（编号 {}）和第一个县级管理员账号 {}。",
                done.county_name, done.county_id, done.mobile
            );
            println!(
                "一次性密码（只显示这一次，首次登录后必须修改）：{}",
                done.one_time_password.expose_secret()
            );
            Ok(())
        }
        Err(ServiceError::Code(domain::ErrorCode::Conflict)) => {
            let name = server::setup::county(db)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
            anyhow::bail!(
                "数据库中已有县级党组织「{name}」：init 只能在空数据库上运行，没有做任何修改。"
            )
        }
        Err(ServiceError::Field { field, code }) => {
            let what = match field {
                "county" => "--county（县级党组织名称）",
                "admin_mobile" => "--admin-mobile（管理员手机号）",
                _ => "--admin-name（管理员姓名）",
            };
            anyhow::bail!("{what}：{}", code.message_zh())
        }
        Err(e) => Err(e.into()),
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
        Command::Init {
            county,
            admin_mobile,
            admin_name,
        } => init(&db, &county, &admin_mobile, admin_name.as_deref()).await,
        Command::Import { command } => import(&db, command).await,
        Command::Seed { demo, members } => {
            if !demo {
                anyhow::bail!("nothing to seed: pass --demo");
            }
            let plan = seed::DemoPlan::new(members);
            let files = server::files::from_config(&config)?;
            let report = seed::seed_demo(&db, &files, &plan).await?;
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
        Command::Bench {
            command: BenchCommand::Workbooks { dir, members },
        } => {
            let plan = server::seed::DemoPlan::new(members);
            let (root, orgs, people) = server::seed::demo_workbooks(&plan)?;
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("orgs.xlsx"), orgs)?;
            std::fs::write(dir.join("members.xlsx"), people)?;
            println!("{root}");
            Ok(())
        }
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
