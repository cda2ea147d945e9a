#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Socket {
    /// Creates a non-blocking TCP listener bound to `host:port`; returns the descriptor and the bound port.
    /// The descriptor is closed again if any step fails, so a failed start leaks nothing.
    public static func listenTCP(host: String, port: Int, backlog: Int32 = 1024) throws(SocketError) -> (fd: Int32, port: Int) {
        let address = try SocketAddress(host: host, port: port)
        let fd = try makeTCP(family: address.family)
        do {
            try setReuseAddress(fd)
            try bind(fd, address: address)
            try listen(fd, backlog: backlog)
            try setNonBlocking(fd)
            return (fd, try localPort(fd))
        } catch {
            close(fd)
            throw error
        }
    }

    /// Opens a blocking TCP connection to `host:port` (client side; tests and tools).
    public static func connectTCP(host: String, port: Int) throws(SocketError) -> Int32 {
        let address = try SocketAddress(host: host, port: port)
        let fd = try makeTCP(family: address.family)
        do {
            try connect(fd, address: address)
            return fd
        } catch {
            close(fd)
            throw error
        }
    }
}
