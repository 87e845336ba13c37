//! Grid-centre video (网格化服务中心, docs/rules.md#grid-centre-video): the live stream a village
//! branch (or the county) registers — an address, a name and the hours it is live — checked
//! here so the browser's form and the server refuse the same things.

use crate::{ErrorCode, OrgKind};

/// The longest address kept: room for a CDN's signed query string.
pub const MAX_ADDRESS_CHARS: usize = 500;
/// A name short enough for a branch card's heading.
pub const MAX_NAME_CHARS: usize = 40;

/// How the browser plays a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    /// HTTP Live Streaming: a `.m3u8` playlist (through hls.js where Media Source Extensions
    /// exist, natively on older iPhones).
    Hls,
    /// One MP4 file or progressive stream, which every browser plays natively.
    Mp4,
}

impl StreamKind {
    pub fn code(self) -> &'static str {
        match self {
            StreamKind::Hls => "hls",
            StreamKind::Mp4 => "mp4",
        }
    }
}

/// A stream's address: `https://` anywhere, or `http://` only to this machine (browsers treat
/// loopback as secure, so the page is not blocked as mixed content); the path ends in `.m3u8`
/// or `.mp4`. Nothing that could break out of an attribute or a policy header gets in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamAddress {
    url: String,
    kind: StreamKind,
    /// `scheme://host[:port]`, which the security policy names.
    origin_len: usize,
}

const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

impl StreamAddress {
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let bad = ErrorCode::InvalidStreamAddress;
        let url = text.trim();
        if url.is_empty()
            || url.chars().count() > MAX_ADDRESS_CHARS
            || url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`;,{}|^".contains(c))
        {
            return Err(bad);
        }
        let (secure, rest) = if let Some(rest) = strip_prefix_ci(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ci(url, "http://") {
            (false, rest)
        } else {
            return Err(bad);
        };
        let authority_len = rest.find('/').ok_or(bad)?;
        let authority = &rest[..authority_len];
        if authority.is_empty() || authority.contains('@') {
            return Err(bad);
        }
        let host = host_of(authority).ok_or(bad)?;
        if !secure && !LOOPBACK_HOSTS.contains(&host.to_ascii_lowercase().as_str()) {
            return Err(bad);
        }
        let path = rest[authority_len..]
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let kind = if path.ends_with(".m3u8") {
            StreamKind::Hls
        } else if path.ends_with(".mp4") {
            StreamKind::Mp4
        } else {
            return Err(bad);
        };
        let origin_len = url.len() - rest.len() + authority_len;
        Ok(Self {
            url: url.to_string(),
            kind,
            origin_len,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    pub fn kind(&self) -> StreamKind {
        self.kind
    }

    /// `scheme://host[:port]`, lower-cased as browsers compare origins.
    pub fn origin(&self) -> String {
        self.url[..self.origin_len].to_ascii_lowercase()
    }
}

/// A site the deployment lets streams play from (its `stream_sites` setting,
/// docs/rules.md#grid-centre-video): `https://host[:port]`, or `http://` to this machine only;
/// the port may be `*` (any). The security policy names exactly these, so one branch's
/// registration never widens what every page may fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamSite {
    /// `scheme://host` or `scheme://host:port`, lower-cased.
    origin: String,
    any_port: bool,
}

impl StreamSite {
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let text = text.trim().trim_end_matches('/');
        let (base, any_port) = match text.strip_suffix(":*") {
            Some(base) => (base, true),
            None => (text, false),
        };
        // The same checks as a stream's address, on a path of our own.
        let address = StreamAddress::parse(&format!("{base}/site.m3u8"))?;
        let origin = address.origin();
        // A path (`https://a.cn/x`) or a port and a wildcard both make no site.
        if origin.len() != base.len() || (any_port && has_port(&origin)) {
            return Err(ErrorCode::InvalidStreamAddress);
        }
        Ok(Self { origin, any_port })
    }

    /// As the security policy writes it.
    pub fn policy_source(&self) -> String {
        if self.any_port {
            format!("{}:*", self.origin)
        } else {
            self.origin.clone()
        }
    }

    /// Whether a stream at `address` plays from this site.
    pub fn allows(&self, address: &StreamAddress) -> bool {
        let origin = address.origin();
        if self.any_port {
            without_port(&origin) == self.origin
        } else {
            origin == self.origin
        }
    }
}

/// Whether `scheme://host[:port]` names a port.
fn has_port(origin: &str) -> bool {
    without_port(origin).len() != origin.len()
}

fn without_port(origin: &str) -> &str {
    let host_start = origin.find("://").map_or(0, |i| i + 3);
    if origin.ends_with(']') {
        return origin;
    }
    match origin.rfind(':') {
        Some(colon) if colon > host_start && !origin[colon..].contains(']') => &origin[..colon],
        _ => origin,
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The host of `host[:port]`, with a port (when given) of digits only.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        (&authority[..=end], &authority[end + 1..])
    } else {
        match authority.find(':') {
            Some(colon) => (&authority[..colon], &authority[colon..]),
            None => (authority, ""),
        }
    };
    let port_ok = port.is_empty()
        || (port.len() > 1
            && port[1..].len() <= 5
            && port.starts_with(':')
            && port[1..].chars().all(|c| c.is_ascii_digit()));
    let host_ok = !host.is_empty()
        && match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            // An IPv6 literal: hex digits, colons and (for a mapped IPv4) dots.
            Some(v6) => {
                v6.contains(':')
                    && v6
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
            }
            None => host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
        };
    (port_ok && host_ok).then_some(host)
}

/// A stream's name: 1 to 40 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamName(String);

impl StreamName {
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let name = text.trim();
        let count = name.chars().count();
        if count == 0 || count > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(ErrorCode::InvalidText);
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The daily hours a stream is live, in China time, as minutes from midnight. A window may
/// run past midnight (`20:00-02:00`); it never starts when it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveHours {
    from: u16,
    until: u16,
}

impl LiveHours {
    /// Reads `HH:MM-HH:MM` (a full-width colon or dash is accepted, as phones type them).
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let bad = ErrorCode::InvalidLiveHours;
        let text = text
            .trim()
            .replace('：', ":")
            .replace(['－', '—', '~', '～'], "-");
        let (from, until) = text.split_once('-').ok_or(bad)?;
        let from = minutes(from.trim()).ok_or(bad)?;
        let until = minutes(until.trim()).ok_or(bad)?;
        if from == until {
            return Err(bad);
        }
        Ok(Self { from, until })
    }

    pub fn from_minutes(from: u16, until: u16) -> Result<Self, ErrorCode> {
        if from >= 24 * 60 || until >= 24 * 60 || from == until {
            return Err(ErrorCode::InvalidLiveHours);
        }
        Ok(Self { from, until })
    }

    pub fn from(self) -> u16 {
        self.from
    }

    pub fn until(self) -> u16 {
        self.until
    }

    /// Whether the stream is live at `minute` of the day (the end is not included).
    pub fn is_live_at(self, minute: u16) -> bool {
        if self.from < self.until {
            (self.from..self.until).contains(&minute)
        } else {
            minute >= self.from || minute < self.until
        }
    }

    /// As the form writes it: `08:00-18:00`.
    pub fn text(self) -> String {
        format!(
            "{:02}:{:02}-{:02}:{:02}",
            self.from / 60,
            self.from % 60,
            self.until / 60,
            self.until % 60
        )
    }
}

fn minutes(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Where a grid-centre stream may be registered: a village (community) branch, whose grid
/// centre it is, or the county's own centre.
pub fn may_hold_stream(kind: OrgKind, is_village: bool) -> Result<(), ErrorCode> {
    match kind {
        OrgKind::CountyOrgDept => Ok(()),
        OrgKind::Branch | OrgKind::GeneralBranch if is_village => Ok(()),
        _ => Err(ErrorCode::StreamNotVillage),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_https_or_loopback_to_a_playlist_or_mp4() {
        let hls =
            StreamAddress::parse(" https://live.example.cn:8443/grid/xintian.m3u8?t=1 ").unwrap();
        assert_eq!(hls.kind(), StreamKind::Hls);
        assert_eq!(hls.origin(), "https://live.example.cn:8443");
        assert_eq!(
            hls.as_str(),
            "https://live.example.cn:8443/grid/xintian.m3u8?t=1"
        );
        let mp4 = StreamAddress::parse("HTTP://127.0.0.1:9000/a/B.MP4").unwrap();
        assert_eq!(mp4.kind(), StreamKind::Mp4);
        assert_eq!(mp4.origin(), "http://127.0.0.1:9000");
        assert!(StreamAddress::parse("http://[::1]/x.m3u8").is_ok());
        for bad in [
            "",
            "http://live.example.cn/a.m3u8",
            "https://live.example.cn/a.flv",
            "https://live.example.cn",
            "https:///a.m3u8",
            "rtmp://live.example.cn/a.m3u8",
            "javascript:alert(1)//.m3u8",
            "https://user@live.example.cn/a.m3u8",
            "https://live.example.cn/a b.m3u8",
            "https://live.example.cn/a\".m3u8",
            "https://live.example.cn/a;.m3u8",
            "https://live.example.cn:80a/a.m3u8",
            "https://live.example.cn/a.m3u8.txt",
            "https://[x]/a.m3u8",
            "https://[::1/a.m3u8",
        ] {
            assert_eq!(
                StreamAddress::parse(bad),
                Err(ErrorCode::InvalidStreamAddress),
                "{bad}"
            );
        }
        let long = format!("https://a.cn/{}.mp4", "x".repeat(MAX_ADDRESS_CHARS));
        assert!(StreamAddress::parse(&long).is_err());
    }

    #[test]
    fn sites_name_what_may_play_and_nothing_else() {
        let live = StreamSite::parse("https://Live.example.cn/").unwrap();
        assert_eq!(live.policy_source(), "https://live.example.cn");
        assert!(live.allows(&StreamAddress::parse("https://live.example.cn/a/b.m3u8").unwrap()));
        assert!(!live.allows(&StreamAddress::parse("https://live.example.cn:8443/b.m3u8").unwrap()));
        assert!(!live.allows(&StreamAddress::parse("https://evil.example.cn/b.m3u8").unwrap()));
        let local = StreamSite::parse("http://127.0.0.1:*").unwrap();
        assert_eq!(local.policy_source(), "http://127.0.0.1:*");
        assert!(local.allows(&StreamAddress::parse("http://127.0.0.1:41234/grid.m3u8").unwrap()));
        assert!(local.allows(&StreamAddress::parse("http://127.0.0.1/grid.m3u8").unwrap()));
        assert!(!local.allows(&StreamAddress::parse("http://localhost:41234/grid.m3u8").unwrap()));
        let v6 = StreamSite::parse("http://[::1]:*").unwrap();
        assert!(v6.allows(&StreamAddress::parse("http://[::1]:9000/a.mp4").unwrap()));
        assert!(v6.allows(&StreamAddress::parse("http://[::1]/a.mp4").unwrap()));
        for bad in [
            "http://live.example.cn",
            "https://live.example.cn:8443:*",
            "https://a.cn/x",
            "*",
            "https://a.cn; script-src *",
        ] {
            assert_eq!(
                StreamSite::parse(bad),
                Err(ErrorCode::InvalidStreamAddress),
                "{bad}"
            );
        }
    }

    #[test]
    fn live_hours_read_both_widths_and_wrap_past_midnight() {
        let day = LiveHours::parse("08:00-18:30").unwrap();
        assert_eq!(day.text(), "08:00-18:30");
        assert!(day.is_live_at(8 * 60));
        assert!(!day.is_live_at(18 * 60 + 30));
        assert!(!day.is_live_at(7 * 60 + 59));
        let night = LiveHours::parse("20：00－02：00").unwrap();
        assert!(night.is_live_at(23 * 60));
        assert!(night.is_live_at(60));
        assert!(!night.is_live_at(12 * 60));
        for bad in [
            "",
            "8-18",
            "08:00-08:00",
            "24:00-08:00",
            "08:60-09:00",
            "08:00",
            "x-y",
        ] {
            assert_eq!(
                LiveHours::parse(bad),
                Err(ErrorCode::InvalidLiveHours),
                "{bad}"
            );
        }
        assert!(LiveHours::from_minutes(0, 1440).is_err());
    }

    #[test]
    fn streams_belong_to_village_branches_and_the_county() {
        assert!(may_hold_stream(OrgKind::Branch, true).is_ok());
        assert!(may_hold_stream(OrgKind::CountyOrgDept, false).is_ok());
        assert_eq!(
            may_hold_stream(OrgKind::Branch, false),
            Err(ErrorCode::StreamNotVillage)
        );
        assert!(may_hold_stream(OrgKind::PartyCommittee, true).is_err());
        assert!(may_hold_stream(OrgKind::FlowingBranch, false).is_err());
    }
}
