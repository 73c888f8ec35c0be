//! Picks a free TCP port on the loopback interface.

use std::net::{Ipv4Addr, TcpListener};

use crate::error::ClusterError;

/// A port nothing listens on right now (another process may still take it before the server does).
pub(crate) fn free_loopback_port() -> Result<u16, ClusterError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(ClusterError::io(
        "could not bind a free port on",
        "127.0.0.1",
    ))?;
    let addr = listener.local_addr().map_err(ClusterError::io(
        "could not read the free port on",
        "127.0.0.1",
    ))?;
    Ok(addr.port())
}
