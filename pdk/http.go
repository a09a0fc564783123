package pdk

import "encoding/json"

// HTTPRequest is an outgoing HTTP request made by the host on the plugin's
// behalf.
type HTTPRequest struct {
	Method  string // GET when empty
	URL     string
	Headers map[string]string
	Body    []byte
}

// HTTPResponse is the answer to an HTTPRequest.
type HTTPResponse struct {
	Status int
	Body   []byte
	// Headers (lower-case names, values joined with ",") is nil unless the
	// host chose to report response headers.
	Headers map[string]string
}

// SendHTTP asks the host to make an HTTP request and returns the response.
//
// The host decides what is allowed: the Extism SDKs refuse every host name
// not in the manifest's allowed hosts (in `wasmcp serve`: the plugin's
// `allowedHosts`, none by default), and cap the response body size. A refused
// or failed request is not returned as an error: the host fails the whole
// call, as it does for a trap.
func SendHTTP(req HTTPRequest) HTTPResponse {
	meta, _ := json.Marshal(struct {
		URL     string            `json:"url"`
		Method  string            `json:"method,omitempty"`
		Headers map[string]string `json:"headers,omitempty"`
	}{req.URL, req.Method, req.Headers})
	// The host frees both blocks.
	off := hostHTTPRequest(store(meta), store(req.Body))
	resp := HTTPResponse{Status: int(hostHTTPStatusCode())}
	if off != 0 {
		resp.Body = load(off)
		hostFree(off)
	}
	if h := hostHTTPHeaders(); h != 0 {
		b := load(h)
		hostFree(h)
		// Headers that are not a JSON object of strings leave Headers nil.
		if json.Unmarshal(b, &resp.Headers) != nil {
			resp.Headers = nil
		}
	}
	return resp
}
