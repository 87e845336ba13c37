//! What every feature's facade shares: today, the cookie policy and the site's address.

use app::backend::Backend;
use domain::Date;

use super::DbBackend;

impl Backend for DbBackend {
    fn today(&self) -> Date {
        crate::clock::today_china()
    }

    fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }

    fn site_origin(&self, host: Option<&str>) -> String {
        if let Some(origin) = &self.public_origin {
            return origin.clone();
        }
        let scheme = if self.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{}", host.unwrap_or("127.0.0.1"))
    }
}
