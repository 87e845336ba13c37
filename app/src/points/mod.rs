mod api;
mod facade;
mod page;

pub use api::{my_points, MyPoints, PointsOverview, PointsPageView};
#[cfg(feature = "ssr")]
pub use facade::PointsApi;
pub use page::PointsPage;
