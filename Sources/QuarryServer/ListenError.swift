#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// A failure to open the listening socket, said plainly: the address and what is wrong with it,
/// instead of the socket call's own wording.
enum ListenError {
    /// `error` as a ``ServerConfigurationError`` when it is a failure to resolve or bind the
    /// address; nil for any other error.
    static func describe(_ error: any Error, host: String, port: Int) -> ServerConfigurationError? {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        switch error {
        case let error as SocketAddressError.UnknownHost:
            return ServerConfigurationError("cannot listen on \(address): the host name does not resolve (\(error.errorDescription))")
        case let error as IOError:
            let reason = String(cString: strerror(error.errnoCode))
            let hint: String
            switch error.errnoCode {
            case EADDRINUSE: hint = " (another program listens on that port: pick another --port, or 0 for a free one)"
            case EADDRNOTAVAIL: hint = " (no network interface of this machine has that address)"
            case EACCES: hint = " (ports below 1024 need privileges)"
            default: hint = ""
            }
            return ServerConfigurationError("cannot listen on \(address): \(reason)\(hint)")
        default:
            return nil
        }
    }
}
