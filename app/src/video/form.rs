//! The registration form's fields: `stream[org]`, `stream[name]`, `stream[url]`,
//! `stream[hours]`; each checked by `domain::video`, so the page names the field at fault.

use std::collections::HashMap;

use domain::{
    video::{LiveHours, StreamAddress, StreamName},
    ErrorCode, OrgId,
};

use super::StreamRequest;

pub fn stream_request(form: &HashMap<String, String>) -> Result<StreamRequest, ErrorCode> {
    let field = |name: &str| form.get(name).map_or("", String::as_str);
    Ok(StreamRequest {
        org_id: OrgId::parse(field("org")).map_err(|_| ErrorCode::BadRequest)?,
        name: StreamName::parse(field("name"))?,
        address: StreamAddress::parse(field("url"))?,
        hours: LiveHours::parse(field("hours"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_field_is_checked() {
        let good = [
            ("org", "12"),
            ("name", "大坪塘村网格中心"),
            ("url", "https://live.example.cn/a.m3u8"),
            ("hours", "08:00-18:00"),
        ];
        let r = stream_request(&form(&good)).unwrap();
        assert_eq!(r.org_id.get(), 12);
        assert_eq!(r.hours.text(), "08:00-18:00");
        let with = |k: &str, v: &str| {
            let mut f = form(&good);
            f.insert(k.into(), v.into());
            stream_request(&f)
        };
        assert_eq!(
            with("url", "http://live.example.cn/a.m3u8"),
            Err(ErrorCode::InvalidStreamAddress)
        );
        assert_eq!(with("hours", "全天"), Err(ErrorCode::InvalidLiveHours));
        assert_eq!(with("name", " "), Err(ErrorCode::InvalidText));
        assert_eq!(with("org", "x"), Err(ErrorCode::BadRequest));
    }
}
