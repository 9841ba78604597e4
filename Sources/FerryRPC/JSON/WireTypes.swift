public import Foundation
public import LotusMetadata

/// A CID as IPLD JSON writes it: `{"/":"bafy…"}`, i.e. export's `JSONCID` plus a check on decode,
/// because go-cid rejects malformed ones (`{"/":""}` is a decode error there too). The text is kept
/// as received: it is forwarded to damocles unchanged.
public struct CIDLink: Codable, Sendable, Hashable, CustomStringConvertible {
    public let string: String
    public let cid: CID
    public var description: String { string }

    public init(_ text: String) throws(CIDError) {
        cid = try CID(text: text)
        string = text
    }

    public init(from decoder: any Decoder) throws {
        let text = try JSONCID(from: decoder).text
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws { try JSONCID(string).encode(to: encoder) }

    var json: JSONValue { .object([("/", .string(string))]) }
}

/// Go `[]byte`: standard base64 with padding.
public struct Base64Bytes: Codable, Sendable, Hashable {
    public let bytes: Data
    public init(_ bytes: Data) { self.bytes = bytes }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not standard base64"))
        }
        bytes = data
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(bytes.base64EncodedString())
    }

    var json: JSONValue { .string(bytes.base64EncodedString()) }
}
