public import Foundation

/// Where to POST JSON-RPC requests and which bearer token to send.
public struct APIEndpoint: Sendable, Equatable {
    public var url: URL
    public var token: String?

    public init(url: URL, token: String?) {
        self.url = url
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `--api` value: a multiaddr (`/ip4/127.0.0.1/tcp/2345/http`) or a URL (`http://host:port[/rpc/v0]`).
    /// Websocket schemes are mapped to their HTTP equivalents because ferry speaks plain POST, which
    /// both lotus-miner and damocles-manager accept on the same path.
    public init(address: String, token: String?) throws(EndpointError) {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .emptyAddress }
        let url = trimmed.hasPrefix("/")
            ? try Multiaddr.httpURL(trimmed)
            : try APIEndpoint.httpURL(fromURLString: trimmed)
        self.init(url: url, token: token)
    }

    static func httpURL(fromURLString text: String) throws(EndpointError) -> URL {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard var parts = URLComponents(string: withScheme), let scheme = parts.scheme?.lowercased(),
              let host = parts.host, !host.isEmpty
        else { throw .badURL(text) }
        switch scheme {
        case "http", "ws": parts.scheme = "http"
        case "https", "wss": parts.scheme = "https"
        default: throw .badURL(text)
        }
        if parts.path.isEmpty || parts.path == "/" { parts.path = "/rpc/v0" }
        guard let url = parts.url else { throw .badURL(text) }
        return url
    }
}

public enum EndpointError: Error, Equatable, CustomStringConvertible {
    case emptyAddress
    case badURL(String)
    case badMultiaddr(String, String)
    case badAPIInfo(String)
    case repoFile(String, String)

    public var description: String {
        switch self {
        case .emptyAddress: "API address is empty"
        case .badURL(let s): "'\(s)' is not a usable API URL (want http[s]://host:port[/rpc/v0])"
        case .badMultiaddr(let s, let why): "'\(s)' is not a usable API multiaddr: \(why)"
        case .badAPIInfo(let s): "MINER_API_INFO '\(s)' is not TOKEN:MULTIADDR"
        case .repoFile(let path, let why): "cannot read \(path): \(why)"
        }
    }
}

enum Multiaddr {
    /// Converts the multiaddr forms lotus writes to its `api` file into an HTTP URL for `/rpc/v0`,
    /// as venus' DialArgs does (`/http` or nothing → http, `/https`, `/tls`, `/wss` → https).
    static func httpURL(_ text: String) throws(EndpointError) -> URL {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        if parts.last == "" { parts.removeLast() }
        var host: String?
        var port: Int?
        var secure = false
        var version = "v0"
        var i = 0
        func value(_ name: String) throws(EndpointError) -> String {
            guard i + 1 < parts.count, !parts[i + 1].isEmpty else { throw .badMultiaddr(text, "/\(name) needs a value") }
            i += 1
            return parts[i]
        }
        while i < parts.count {
            let proto = parts[i]
            switch proto {
            case "ip4":
                let v = try value(proto)
                guard isIPv4(v) else { throw .badMultiaddr(text, "'\(v)' is not an IPv4 address") }
                host = v
            case "ip6":
                let v = try value(proto)
                guard v.contains(":"), v.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                    throw .badMultiaddr(text, "'\(v)' is not an IPv6 address")
                }
                host = "[\(v)]"
            case "dns", "dns4", "dns6":
                host = try value(proto)
            case "tcp":
                let v = try value(proto)
                guard let p = Int(v), (1...65535).contains(p) else { throw .badMultiaddr(text, "'\(v)' is not a TCP port") }
                port = p
            case "http", "ws": break
            case "https", "wss", "tls": secure = true
            case "version":
                version = try value(proto)
            default:
                throw .badMultiaddr(text, "unsupported component /\(proto)")
            }
            i += 1
        }
        guard let host else { throw .badMultiaddr(text, "no /ip4, /ip6 or /dns host") }
        guard let port else { throw .badMultiaddr(text, "no /tcp port") }
        let scheme = secure ? "https" : "http"
        guard let url = URL(string: "\(scheme)://\(host):\(port)/rpc/\(version)") else {
            throw .badMultiaddr(text, "cannot form a URL")
        }
        return url
    }

    private static func isIPv4(_ s: String) -> Bool {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil }
    }
}
