// `sqlx::migrate!` embeds the migration folders at compile time; without this a migration
// added (or edited) after the last build would not be compiled in.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
