//! A tiny SOCKS5 proxy (RFC 1928, `CONNECT` only; no authentication, or RFC 1929
//! user/password, which it records and accepts) on 127.0.0.1 for end-to-end tests of
//! `socks5://` proxy URLs: the protocol of [`crate::connect_proxy::TestProxy::socks5`], which
//! counts requests, records targets and bytes, maps names and can refuse as the `CONNECT` one.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

use crate::connect_proxy::{ProxyRequest, ProxyState, Refusal, read_some, write_all};

const VERSION: u8 = 5;
const NO_AUTH: u8 = 0;
const USER_PASSWORD: u8 = 2;
const NO_ACCEPTABLE: u8 = 0xff;
const CMD_CONNECT: u8 = 1;
const REP_SUCCEEDED: u8 = 0;
const REP_FAILURE: u8 = 1;
const REP_NOT_ALLOWED: u8 = 2;
const REP_REFUSED: u8 = 5;
const REP_COMMAND_NOT_SUPPORTED: u8 = 7;

pub(crate) async fn serve_socks5(stream: TcpStream, state: Arc<ProxyState>) {
    let (read, write) = stream.into_split();
    let conn = Conn {
        read,
        write,
        buffered: Vec::new(),
    };
    let _ = handshake(conn, &state).await;
}

/// A connection with what was read past the message being parsed.
struct Conn {
    read: OwnedReadHalf,
    write: OwnedWriteHalf,
    buffered: Vec<u8>,
}

impl Conn {
    async fn read_exact(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut buf = [0u8; 1024];
        while self.buffered.len() < n {
            let got = read_some(&self.read, &mut buf).await?;
            if got == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.buffered.extend_from_slice(&buf[..got]);
        }
        let rest = self.buffered.split_off(n);
        Ok(std::mem::replace(&mut self.buffered, rest))
    }

    async fn byte(&mut self) -> io::Result<u8> {
        Ok(self.read_exact(1).await?[0])
    }

    async fn reply(&self, code: u8) -> io::Result<()> {
        // The bound address is not used by clients; 0.0.0.0:0 is what many servers send.
        write_all(&self.write, &[VERSION, code, 0, 1, 0, 0, 0, 0, 0, 0]).await
    }
}

async fn handshake(mut conn: Conn, state: &ProxyState) -> io::Result<()> {
    // Greeting: VER, NMETHODS, METHODS.
    if conn.byte().await? != VERSION {
        return Ok(());
    }
    let count = conn.byte().await?;
    let methods = conn.read_exact(usize::from(count)).await?;
    let mut credentials = None;
    if methods.contains(&NO_AUTH) {
        write_all(&conn.write, &[VERSION, NO_AUTH]).await?;
    } else if methods.contains(&USER_PASSWORD) {
        write_all(&conn.write, &[VERSION, USER_PASSWORD]).await?;
        // RFC 1929: VER 1, ULEN, UNAME, PLEN, PASSWD; every pair is accepted.
        let _version = conn.byte().await?;
        let len = conn.byte().await?;
        let user = conn.read_exact(usize::from(len)).await?;
        let len = conn.byte().await?;
        let password = conn.read_exact(usize::from(len)).await?;
        credentials = Some(format!(
            "{}:{}",
            String::from_utf8_lossy(&user),
            String::from_utf8_lossy(&password)
        ));
        write_all(&conn.write, &[1, 0]).await?;
    } else {
        return write_all(&conn.write, &[VERSION, NO_ACCEPTABLE]).await;
    }
    // Request: VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT.
    let head = conn.read_exact(4).await?;
    let host = match head[3] {
        1 => {
            let b = conn.read_exact(4).await?;
            Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()
        }
        3 => {
            let len = conn.byte().await?;
            String::from_utf8_lossy(&conn.read_exact(usize::from(len)).await?).into_owned()
        }
        4 => {
            let b: [u8; 16] = conn.read_exact(16).await?.try_into().expect("16 bytes");
            format!("[{}]", Ipv6Addr::from(b))
        }
        _ => return conn.reply(REP_FAILURE).await,
    };
    let port = conn.read_exact(2).await?;
    let port = u16::from_be_bytes([port[0], port[1]]);
    if head[1] != CMD_CONNECT {
        return conn.reply(REP_COMMAND_NOT_SUPPORTED).await;
    }
    state.record(ProxyRequest {
        target: format!("{host}:{port}"),
        credentials,
    });
    match state.refusal() {
        Refusal::None => {}
        Refusal::Status(_) => return conn.reply(REP_NOT_ALLOWED).await,
        Refusal::Close => return Ok(()),
    }
    let Ok(upstream) = state.connect(&host, port).await else {
        return conn.reply(REP_REFUSED).await;
    };
    conn.reply(REP_SUCCEEDED).await?;
    let Conn {
        read,
        write,
        buffered,
    } = conn;
    let client = read.reunite(write).expect("halves of one stream");
    state.tunnel(client, upstream, &buffered).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};

    use super::*;
    use std::net::SocketAddr;

    use crate::connect_proxy::tests::{connect, echo_roundtrip, echo_server};
    use crate::connect_proxy::{TestProxy, refusing_url};

    fn greet(stream: &mut std::net::TcpStream) {
        stream.write_all(&[5, 1, 0]).unwrap();
        let mut answer = [0u8; 2];
        stream.read_exact(&mut answer).unwrap();
        assert_eq!(answer, [5, 0]);
    }

    fn request(stream: &mut std::net::TcpStream, address: &[u8], port: u16) -> u8 {
        let mut message = vec![5, 1, 0];
        message.extend_from_slice(address);
        message.extend_from_slice(&port.to_be_bytes());
        stream.write_all(&message).unwrap();
        let mut reply = [0u8; 10];
        stream.read_exact(&mut reply).unwrap();
        assert_eq!((reply[0], reply[3]), (5, 1));
        reply[1]
    }

    fn ipv4(addr: SocketAddr) -> Vec<u8> {
        let SocketAddr::V4(v4) = addr else {
            panic!("an IPv4 address")
        };
        let mut out = vec![1];
        out.extend_from_slice(&v4.ip().octets());
        out
    }

    fn domain(name: &str) -> Vec<u8> {
        let mut out = vec![3, u8::try_from(name.len()).unwrap()];
        out.extend_from_slice(name.as_bytes());
        out
    }

    #[test]
    fn connects_by_address_and_by_name_and_counts() {
        let echo = echo_server();
        let proxy = TestProxy::socks5();
        assert!(proxy.url().starts_with("socks5://127.0.0.1:"));

        let mut stream = connect(proxy.addr());
        greet(&mut stream);
        assert_eq!(request(&mut stream, &ipv4(echo), echo.port()), 0);
        echo_roundtrip(&mut stream, b"over socks");

        proxy.resolve("kubernetes", echo);
        let mut stream = connect(proxy.addr());
        greet(&mut stream);
        assert_eq!(request(&mut stream, &domain("kubernetes"), 6443), 0);
        echo_roundtrip(&mut stream, b"by name");

        assert_eq!(proxy.connects(), 2);
        assert_eq!(
            proxy.targets(),
            [echo.to_string(), "kubernetes:6443".to_owned()]
        );
        assert_eq!(proxy.bytes(), (17, 17));
    }

    #[test]
    fn user_password_is_recorded() {
        let echo = echo_server();
        let proxy = TestProxy::socks5();
        let mut stream = connect(proxy.addr());
        stream.write_all(&[5, 1, 2]).unwrap();
        let mut answer = [0u8; 2];
        stream.read_exact(&mut answer).unwrap();
        assert_eq!(answer, [5, 2]);
        stream.write_all(&[1, 1, b'u', 2, b'p', b'w']).unwrap();
        stream.read_exact(&mut answer).unwrap();
        assert_eq!(answer, [1, 0]);
        assert_eq!(request(&mut stream, &ipv4(echo), echo.port()), 0);
        echo_roundtrip(&mut stream, b"authenticated");
        assert_eq!(proxy.requests()[0].credentials.as_deref(), Some("u:pw"));
    }

    #[test]
    fn refuses_when_told_or_when_the_target_is_down() {
        let echo = echo_server();
        let proxy = TestProxy::socks5();
        proxy.set_refusal(Refusal::Status(403));
        let mut stream = connect(proxy.addr());
        greet(&mut stream);
        assert_eq!(
            request(&mut stream, &ipv4(echo), echo.port()),
            REP_NOT_ALLOWED
        );

        proxy.set_refusal(Refusal::Close);
        let mut stream = connect(proxy.addr());
        greet(&mut stream);
        stream
            .write_all(&[5, 1, 0, 1, 127, 0, 0, 1, 0, 80])
            .unwrap();
        let mut buf = [0u8; 10];
        assert_eq!(
            stream.read(&mut buf).unwrap_or(0),
            0,
            "closed without a reply"
        );

        proxy.set_refusal(Refusal::None);
        let closed: SocketAddr = refusing_url()
            .trim_start_matches("http://")
            .parse()
            .unwrap();
        let mut stream = connect(proxy.addr());
        greet(&mut stream);
        assert_eq!(
            request(&mut stream, &ipv4(closed), closed.port()),
            REP_REFUSED
        );
        assert_eq!(proxy.connects(), 3);

        // No acceptable method: GSSAPI only.
        let mut stream = connect(proxy.addr());
        stream.write_all(&[5, 1, 1]).unwrap();
        let mut answer = [0u8; 2];
        stream.read_exact(&mut answer).unwrap();
        assert_eq!(answer, [5, NO_ACCEPTABLE]);
    }
}
