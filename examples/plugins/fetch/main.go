// Command fetch is an Extism plugin whose function fetch makes an HTTP GET
// request through the host and answers "STATUS\nBODY". The host allows only
// the host names it is configured with (allowedHosts in plugins.yml); any
// other request fails the call.
package main

import (
	"errors"
	"strconv"

	"github.com/wasmcp/wasmcp/pdk"
)

//go:wasmexport fetch
func fetch() int32 {
	var args struct {
		URL string `json:"url"`
	}
	if err := pdk.InputJSON(&args); err != nil {
		return pdk.Fail(err)
	}
	if args.URL == "" {
		return pdk.Fail(errors.New(`fetch: the argument "url" is required`))
	}
	resp := pdk.SendHTTP(pdk.HTTPRequest{
		URL:     args.URL,
		Headers: map[string]string{"User-Agent": "wasmcp-example-fetch"},
	})
	pdk.Output(append([]byte(strconv.Itoa(resp.Status)+"\n"), resp.Body...))
	return 0
}

func main() {}
