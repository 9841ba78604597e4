#if canImport(Glibc)
import Glibc
#endif
public import Foundation
import Synchronization

public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data
}

public struct HTTPReply: Sendable {
    public enum Delivery: Sendable, Equatable {
        case complete
        /// Announce the full Content-Length, send only this many body bytes, then close.
        case closeAfter(bytes: Int)
        /// Wait before writing anything (to make clients time out).
        case delayed(seconds: Double)
        /// Headers at once, announcing `contentLength` (nil: none, the body ends when the connection
        /// closes); then the body `chunk` bytes at a time, `interval` seconds apart; then the
        /// connection stays open up to `holdOpen` seconds (less if the client hangs up) before closing,
        /// as a server still producing the reply would.
        case paced(contentLength: Int?, chunk: Int, interval: Double, holdOpen: Double)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    public var delivery: Delivery = .complete

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data(), delivery: Delivery = .complete) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delivery = delivery
    }
}

/// A minimal HTTP/1.1 server on 127.0.0.1 with an ephemeral port: one thread accepts, one thread per
/// connection answers a single request and closes (`Connection: close`). Enough for JSON-RPC fakes.
public final class HTTPTestServer: Sendable {
    public let port: UInt16
    private let listenFD: Int32
    private let stopped = StopFlag()

    public init(handler: @escaping @Sendable (HTTPRequest) -> HTTPReply) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.syscall("socket", errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let e = errno
            close(fd)
            throw ServerError.syscall("bind/listen", e)
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        listenFD = fd
        port = UInt16(bigEndian: actual.sin_port)

        let thread = Thread { [stopped] in
            while !stopped.value.load(ordering: .acquiring) {
                let conn = accept(fd, nil, nil)
                if conn < 0 {
                    if errno == EINTR { continue }
                    break
                }
                let worker = Thread { HTTPTestServer.serve(conn, handler: handler) }
                worker.start()
            }
        }
        thread.start()
    }

    deinit { stop() }

    public func stop() {
        if stopped.value.exchange(true, ordering: .acquiringAndReleasing) { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    private static func serve(_ fd: Int32, handler: @Sendable (HTTPRequest) -> HTTPReply) {
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(fd) else { return }
        let reply = handler(request)
        if case let .paced(length, chunk, interval, holdOpen) = reply.delivery {
            servePaced(fd, reply, contentLength: length, chunk: chunk, interval: interval, holdOpen: holdOpen)
            return
        }
        let head = head(reply, contentLength: reply.body.count)
        switch reply.delivery {
        case .complete:
            writeAll(fd, Data(head.utf8) + reply.body)
        case .closeAfter(let n):
            writeAll(fd, Data(head.utf8) + reply.body.prefix(n))
            // Give the client the partial bytes before the FIN, as a crashing server would.
            usleep(50_000)
        case .delayed(let seconds):
            Thread.sleep(forTimeInterval: seconds)
            writeAll(fd, Data(head.utf8) + reply.body)
        case .paced:
            break
        }
    }

    private static func head(_ reply: HTTPReply, contentLength: Int?) -> String {
        var head = "HTTP/1.1 \(reply.status) \(reason(reply.status))\r\n"
        for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
        if let contentLength { head += "Content-Length: \(contentLength)\r\n" }
        return head + "Connection: close\r\n\r\n"
    }

    /// Stops as soon as a write fails: the client gave up, and nobody is left to send to.
    private static func servePaced(_ fd: Int32, _ reply: HTTPReply, contentLength: Int?, chunk: Int, interval: Double, holdOpen: Double) {
        guard writeAll(fd, Data(head(reply, contentLength: contentLength).utf8)) else { return }
        var offset = 0
        while offset < reply.body.count {
            if offset > 0, interval > 0 { Thread.sleep(forTimeInterval: interval) }
            let end = min(reply.body.count, offset + max(1, chunk))
            guard writeAll(fd, reply.body.subdata(in: offset..<end)) else { return }
            offset = end
        }
        // Wait for the client to hang up (readable with EOF) or the time to pass.
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&pfd, 1, Int32(max(0, holdOpen) * 1000))
    }

    private static func readRequest(_ fd: Int32) -> HTTPRequest? {
        var buffer = Data()
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            guard let chunk = readSome(fd) else { return nil }
            buffer += chunk
            headerEnd = buffer.range(of: separator)
        }
        guard let headerEnd else { return nil }
        let headText = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            writeAll(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        var body = Data(buffer[headerEnd.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            guard let decoded = readChunked(fd, pending: body) else { return nil }
            body = decoded
        } else {
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while body.count < length {
                guard let chunk = readSome(fd) else { return nil }
                body += chunk
            }
        }
        return HTTPRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    private static func readChunked(_ fd: Int32, pending: Data) -> Data? {
        var raw = pending
        var body = Data()
        while true {
            while raw.range(of: Data("\r\n".utf8)) == nil {
                guard let chunk = readSome(fd) else { return nil }
                raw += chunk
            }
            let lineEnd = raw.range(of: Data("\r\n".utf8))!
            let sizeText = String(decoding: raw[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            raw = Data(raw[lineEnd.upperBound...])
            while raw.count < size + 2 {
                guard let chunk = readSome(fd) else { return nil }
                raw += chunk
            }
            if size == 0 { return body }
            body += raw.prefix(size)
            raw = Data(raw.dropFirst(size + 2))
        }
    }

    private static func readSome(_ fd: Int32) -> Data? {
        var bytes = [UInt8](repeating: 0, count: 65536)
        let n = read(fd, &bytes, bytes.count)
        return n > 0 ? Data(bytes[0..<n]) : nil
    }

    /// False when the peer is gone.
    @discardableResult
    private static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }
}

private final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}

public enum ServerError: Error {
    case syscall(String, Int32)
}
