//! Grid-centre video (网格化服务中心, docs/rules.md#grid-centre-video): a village branch or the
//! county registers its centre's live stream; members of the branch and everyone who oversees
//! it watch it on `/video/{org}`, beside the branch's meetings, in the review queue and on the
//! map's branch card. The server only keeps the address: the video never passes through it,
//! and it plays only from the sites the deployment's configuration names (`stream_sites`).

pub mod read;
pub mod register;

/// The configured sites as the security policy lists them, each after a space.
pub fn policy_sources(sites: &[domain::video::StreamSite]) -> String {
    sites
        .iter()
        .map(|s| format!(" {}", s.policy_source()))
        .collect()
}
