/// The OpenAPI 3.0 description of the service, served at `GET /openapi.json`: every path, parameter,
/// request body, response schema and error. Written by hand; the server tests check that it is
/// valid JSON and that it lists exactly the routes the server answers.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "Quarry search service",
    "version": "1.0.0",
    "description": "Full-text search over a Quarry index (BM25, the Quarry query language). Searches run on the index's latest commit; writes (with an API key) are committed within about a second and searches see them after that commit; a write sent with wait=true is answered once searches see it. Every error is JSON: {\"error\": message, \"column\": N} (column only for a query syntax error) with a 4xx status (5xx only for a failure of the server itself)."
  },
  "servers": [{ "url": "/" }],
  "paths": {
    "/search": {
      "get": {
        "operationId": "search",
        "summary": "Ranked search with snippets (the JSON of `quarry search --json`).",
        "parameters": [
          { "name": "q", "in": "query", "required": true, "description": "The query in the Quarry query language: words (OR-ed unless all=true), \"phrases\", \"phrases\"~N, +required, -excluded, AND/OR/NOT, field:word, prefix*, word^2. At most 4096 characters, groups and prefix operators nested at most 100 deep, a phrase with slop at most 32 words; it must hold a searchable word and parse (otherwise 400, with the column of a syntax error).", "schema": { "type": "string", "minLength": 1, "maxLength": 4096, "pattern": "\\S" } },
          { "name": "k", "in": "query", "required": false, "description": "Results per page.", "schema": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 10 } },
          { "name": "offset", "in": "query", "required": false, "description": "Results to skip (paging).", "schema": { "type": "integer", "minimum": 0, "maximum": 10000, "default": 0 } },
          { "name": "all", "in": "query", "required": false, "description": "Join bare words with AND instead of OR.", "schema": { "type": "boolean", "default": false } },
          { "name": "explain", "in": "query", "required": false, "description": "Add each hit's score breakdown.", "schema": { "type": "boolean", "default": false } }
        ],
        "responses": {
          "200": { "description": "The hits, best first.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SearchResults" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" }
        }
      }
    },
    "/documents": {
      "post": {
        "operationId": "addDocuments",
        "summary": "Add documents, or replace the documents with the same ids.",
        "description": "The body is one JSON object or JSON Lines (one object a line), each read as `quarry index` reads a JSON Lines record: the index's extra text fields are stored and searched (as name:word) besides id, title and body, and other members are ignored. The documents are committed within about a second; searches see them after that commit (with wait=true, the answer comes after it). At most 16 MiB.",
        "security": [{ "bearer": [] }],
        "parameters": [
          { "$ref": "#/components/parameters/Wait" }
        ],
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DocumentInput" } } }
        },
        "responses": {
          "200": { "description": "With wait=true: committed and published; every search that starts after this answer sees these documents (or later writes to their ids).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Visible" } } } },
          "202": { "description": "Accepted; searchable after the next commit.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Accepted" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "413": { "description": "The body is larger than 16 MiB.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "500": { "$ref": "#/components/responses/WriteFailed" },
          "503": { "$ref": "#/components/responses/NotVisible" }
        }
      }
    },
    "/documents/{id}": {
      "parameters": [
        { "name": "id", "in": "path", "required": true, "description": "The document's id, exactly as stored (percent-encode '/' and other reserved characters).", "schema": { "type": "string", "minLength": 1, "maxLength": 256 } }
      ],
      "get": {
        "operationId": "getDocument",
        "summary": "The stored document with this id.",
        "responses": {
          "200": { "description": "The document.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Document" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      },
      "delete": {
        "operationId": "deleteDocument",
        "summary": "Delete the document with this id (committed within about a second).",
        "security": [{ "bearer": [] }],
        "parameters": [
          { "$ref": "#/components/parameters/Wait" }
        ],
        "responses": {
          "200": { "description": "Whether a live document had this id; with wait=true, answered once searches see the index without it (generation).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Deleted" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "500": { "$ref": "#/components/responses/WriteFailed" },
          "503": { "$ref": "#/components/responses/NotVisible" }
        }
      }
    },
    "/stats": {
      "get": {
        "operationId": "stats",
        "summary": "Counts and sizes of the commit searches see, and the writer's state.",
        "responses": {
          "200": { "description": "Statistics.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Stats" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" }
        }
      }
    },
    "/health": {
      "get": {
        "operationId": "health",
        "summary": "Liveness, with the commit searches see.",
        "responses": {
          "200": { "description": "The server is up.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This document.",
        "responses": {
          "200": { "description": "OpenAPI 3.0 JSON.", "content": { "application/json": { "schema": { "type": "object" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" }
        }
      }
    },
    "/": {
      "get": {
        "operationId": "page",
        "summary": "The search page (HTML, built into the server).",
        "parameters": [
          { "name": "q", "in": "query", "required": false, "description": "A query to run when the page loads.", "schema": { "type": "string" } }
        ],
        "responses": {
          "200": { "description": "The page.", "content": { "text/html": { "schema": { "type": "string" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": { "type": "http", "scheme": "bearer", "description": "The key the server was started with (--api-key)." }
    },
    "parameters": {
      "Wait": { "name": "wait", "in": "query", "required": false, "description": "Answer only once the commit holding this write (and every write before it) is published to searches, so that the client's next search sees it: at most 30 seconds, then 503. Unknown parameters are refused (400).", "schema": { "type": "boolean", "default": false } }
    },
    "responses": {
      "WriteFailed": { "description": "The write was dropped with every write since the last commit (a full disk, say; write: dropped when it waited for its commit, which failed); the committed index is unchanged, so the write can be sent again.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "NotVisible": { "description": "With wait=true: the write is not visible to searches yet. write: pending (not committed within 30 seconds; a later commit will publish it) or committed (in generation, but reopening the index for searches failed; a later commit will publish it). Also answered to a write while the server shuts down (without write: nothing was written).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "BadRequest": { "description": "A malformed request: an unknown or repeated parameter, a number out of range, a query that does not parse (with its column) or has no searchable words, malformed JSON (with its line for JSON Lines), a bad percent escape.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Unauthorized": { "description": "Missing or wrong Authorization: Bearer KEY.", "headers": { "WWW-Authenticate": { "schema": { "type": "string" } } }, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Forbidden": { "description": "The server was started without --api-key: writes are disabled.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "NotFound": { "description": "No document has this id.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": ["error"],
        "additionalProperties": false,
        "properties": {
          "error": { "type": "string" },
          "column": { "type": "integer", "minimum": 1, "description": "The query's column (1-based) where a syntax error was found." },
          "write": { "type": "string", "enum": ["pending", "committed", "dropped"], "description": "For a write sent with wait=true that did not become visible: what became of it." },
          "generation": { "type": "integer", "minimum": 0, "description": "With write: committed, the commit that holds the write." }
        }
      },
      "SearchResults": {
        "type": "object",
        "required": ["query", "total", "total_is_lower_bound", "took_us", "hits"],
        "additionalProperties": false,
        "properties": {
          "query": { "type": "string" },
          "total": { "type": "integer", "minimum": 0, "description": "Matching documents: exact up to 1,000, a lower bound above (then total_is_lower_bound is true)." },
          "total_is_lower_bound": { "type": "boolean" },
          "took_us": { "type": "integer", "minimum": 0 },
          "hits": { "type": "array", "items": { "$ref": "#/components/schemas/Hit" } }
        }
      },
      "Hit": {
        "type": "object",
        "required": ["rank", "score", "id", "title", "snippet", "highlights"],
        "additionalProperties": false,
        "properties": {
          "rank": { "type": "integer", "minimum": 1 },
          "score": { "type": "number" },
          "id": { "type": "string" },
          "title": { "type": "string" },
          "snippet": { "type": "string" },
          "fields": { "$ref": "#/components/schemas/Fields" },
          "highlights": {
            "type": "array",
            "description": "The matched words in the snippet: [start, end) offsets in UTF-16 code units, in order.",
            "items": { "type": "array", "items": { "type": "integer", "minimum": 0 }, "minItems": 2, "maxItems": 2 }
          },
          "explanation": { "$ref": "#/components/schemas/Explanation" }
        }
      },
      "Explanation": {
        "type": "object",
        "required": ["value", "description", "details"],
        "additionalProperties": false,
        "properties": {
          "value": { "type": "number", "nullable": true },
          "description": { "type": "string" },
          "details": { "type": "array", "items": { "$ref": "#/components/schemas/Explanation" } }
        }
      },
      "DocumentInput": {
        "type": "object",
        "required": ["id"],
        "description": "A document, read as `quarry index` reads a JSON Lines record. Members other than id, title, body and the index's extra text fields (`quarry index --field NAME`) are ignored.",
        "additionalProperties": {
          "description": "An extra text field of the index: a string as it is, an array's strings joined with spaces (its other elements skipped); any other value, or a missing member, is empty. A member the index has no field for is ignored."
        },
        "properties": {
          "id": { "oneOf": [{ "type": "string", "minLength": 1, "maxLength": 256 }, { "type": "number", "description": "Stored as its text, as written." }] },
          "title": { "type": "string", "nullable": true },
          "body": { "type": "string", "nullable": true }
        }
      },
      "Document": {
        "type": "object",
        "required": ["id", "title", "body"],
        "additionalProperties": false,
        "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "body": { "type": "string" }, "fields": { "$ref": "#/components/schemas/Fields" } }
      },
      "Fields": {
        "type": "object",
        "description": "The extra text fields, in an index that has them: every field's name and its stored text (empty when the document had none), in the index's order.",
        "additionalProperties": { "type": "string" }
      },
      "Accepted": {
        "type": "object",
        "required": ["accepted", "pending"],
        "additionalProperties": false,
        "properties": {
          "accepted": { "type": "integer", "minimum": 1, "description": "Documents in this request." },
          "pending": { "type": "integer", "minimum": 1, "description": "Documents waiting for the next commit." }
        }
      },
      "Visible": {
        "type": "object",
        "required": ["accepted", "generation"],
        "additionalProperties": false,
        "properties": {
          "accepted": { "type": "integer", "minimum": 1, "description": "Documents in this request." },
          "generation": { "type": "integer", "minimum": 0, "description": "The commit in which searches see them (GET /health shows the current one)." }
        }
      },
      "Deleted": {
        "type": "object",
        "required": ["id", "deleted"],
        "additionalProperties": false,
        "properties": {
          "id": { "type": "string" },
          "deleted": { "type": "boolean" },
          "generation": { "type": "integer", "minimum": 0, "description": "With wait=true: the commit in which searches see the index as the delete left it." }
        }
      },
      "Stats": {
        "type": "object",
        "required": ["documents", "terms", "postings", "positions", "segments", "total_bytes", "average_length", "generation", "format_version", "analyzer", "writable", "pending_documents", "commits"],
        "additionalProperties": false,
        "properties": {
          "documents": { "type": "integer", "minimum": 0 },
          "terms": { "type": "integer", "minimum": 0 },
          "postings": { "type": "integer", "minimum": 0 },
          "positions": { "type": "integer", "minimum": 0 },
          "segments": { "type": "integer", "minimum": 0 },
          "total_bytes": { "type": "integer", "minimum": 0 },
          "average_length": { "type": "number", "minimum": 0 },
          "generation": { "type": "integer", "minimum": 0 },
          "format_version": { "type": "integer", "minimum": 1 },
          "analyzer": { "type": "string" },
          "writable": { "type": "boolean" },
          "pending_documents": { "type": "integer", "minimum": 0 },
          "commits": { "type": "integer", "minimum": 0 },
          "last_write_error": { "type": "string" }
        }
      },
      "Health": {
        "type": "object",
        "required": ["status", "generation", "documents"],
        "additionalProperties": false,
        "properties": {
          "status": { "type": "string", "enum": ["ok"] },
          "generation": { "type": "integer", "minimum": 0 },
          "documents": { "type": "integer", "minimum": 0 }
        }
      }
    }
  }
}
"""#
}
