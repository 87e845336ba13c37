mod api;
mod facade;
mod page;

pub use api::{my_points, MyPoints, PointsOverview};
#[cfg(feature = "ssr")]
pub use facade::PointsApi;
pub use page::PointsPage;
