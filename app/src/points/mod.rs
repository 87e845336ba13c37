mod api;
mod page;

pub use api::{my_points, MyPoints, PointsOverview};
pub use page::PointsPage;
