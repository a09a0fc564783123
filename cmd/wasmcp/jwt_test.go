package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/iostreams"
)

// runCLIStdin is runCLI with stdin.
func runCLIStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	io, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	code := runWith(context.Background(), args, &factory{IO: io, Getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

func TestJWTKeygenMintDecode(t *testing.T) {
	for _, alg := range []string{"RS256", "PS256", "ES256", "EdDSA"} {
		dir := filepath.Join(t.TempDir(), "keys")
		if code, out, errOut := runCLI(t, nil, "jwt", "keygen", "--alg", alg, "--dir", dir); code != 0 || !strings.HasPrefix(out, alg+" key ") {
			t.Fatalf("%s keygen: exit %d %s%s", alg, code, out, errOut)
		}
		st, err := os.Stat(filepath.Join(dir, "private.pem"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s private.pem: %v %v", alg, st.Mode(), err)
		}
		mint := []string{"jwt", "mint", "--key", filepath.Join(dir, "private.pem"), "--iss", "https://issuer.local",
			"--sub", "bob", "--scope", "mcp:tools,mcp:read", "--aud", "a", "--aud", "b", "--claim", `roles=["admin"]`, "--claim", "tenant=acme", "--ttl", "5m"}
		if alg == "PS256" {
			mint = append(mint, "--alg", "PS256")
		}
		code, tok, errOut := runCLI(t, nil, mint...)
		if code != 0 {
			t.Fatalf("%s mint: exit %d %s", alg, code, errOut)
		}
		tok = strings.TrimSpace(tok)
		for _, key := range []string{"jwks.json", "public.pem"} {
			code, out, errOut := runCLI(t, nil, "jwt", "decode", tok, "--key", filepath.Join(dir, key))
			if code != 0 {
				t.Fatalf("%s decode --key %s: exit %d %s", alg, key, code, errOut)
			}
			for _, want := range []string{`"alg": "` + alg + `"`, `"sub": "bob"`, `"scope": "mcp:tools mcp:read"`, `"aud": [`, `"admin"`, `"tenant": "acme"`, `"signature": "valid"`} {
				if !strings.Contains(out, want) {
					t.Errorf("%s decode lacks %s:\n%s", alg, want, out)
				}
			}
		}
		// From stdin, without verification.
		if code, out, _ := runCLIStdin(t, tok+"\n", "jwt", "decode"); code != 0 || !strings.Contains(out, `"signature": "not verified"`) {
			t.Errorf("%s decode from stdin: exit %d %s", alg, code, out)
		}
		// keygen keeps existing keys unless --force.
		if code, _, errOut := runCLI(t, nil, "jwt", "keygen", "--alg", alg, "--dir", dir); code != exitError || !strings.Contains(errOut, "--force") {
			t.Errorf("%s keygen over existing files: exit %d %s", alg, code, errOut)
		}
		if code, _, _ := runCLI(t, nil, "jwt", "keygen", "--alg", alg, "--dir", dir, "--force"); code != 0 {
			t.Errorf("%s keygen --force: exit %d", alg, code)
		}
		// The replaced key does not verify the old token.
		code, _, errOut = runCLI(t, nil, "jwt", "decode", tok, "--key", filepath.Join(dir, "jwks.json"))
		if code != exitError || !strings.Contains(errOut, "signature not valid") || strings.Contains(errOut, tok) {
			t.Errorf("%s decode with another key: exit %d %s", alg, code, errOut)
		}
	}
}

func TestJWTErrors(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, nil, "jwt", "keygen", "--alg", "ES256", "--dir", dir)
	key := filepath.Join(dir, "private.pem")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"jwt", "keygen", "--alg", "HS256"}, exitUsage, `--alg "HS256" is not one of`},
		{[]string{"jwt", "mint", "--key", key}, exitUsage, "--key and --iss are required"},
		{[]string{"jwt", "mint", "--key", key, "--iss", "i", "--ttl", "-1m"}, exitUsage, "must be positive"},
		{[]string{"jwt", "mint", "--key", key, "--iss", "i", "--claim", "novalue"}, exitUsage, "expected NAME=VALUE"},
		{[]string{"jwt", "mint", "--key", key, "--iss", "i", "--alg", "RS256"}, exitError, "cannot sign RS256"},
		{[]string{"jwt", "mint", "--key", filepath.Join(dir, "public.pem"), "--iss", "i"}, exitError, "is not PRIVATE KEY"},
		{[]string{"jwt", "decode", "a.b"}, exitError, "not three dot-separated parts"},
		{[]string{"jwt", "decode", "x", "y"}, exitUsage, "one token"},
		{[]string{"jwt", "nope"}, exitUsage, "unknown command"},
	} {
		code, _, errOut := runCLI(t, nil, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, want %d; stderr %q lacks %q", c.args, code, c.code, errOut, c.want)
		}
	}
}

// TestServeOAuth is the README's "OAuth in three commands": keygen, serve
// with the public key, mint and call.
func TestServeOAuth(t *testing.T) {
	keys := t.TempDir()
	if code, _, errOut := runCLI(t, nil, "jwt", "keygen", "--alg", "EdDSA", "--dir", keys); code != 0 {
		t.Fatal(errOut)
	}
	pub, _ := os.ReadFile(filepath.Join(keys, "public.pem"))
	env := map[string]string{
		"WASMCP_AUTH_MODE":    "oauth",
		"JWT_ISSUER":          "https://issuer.local",
		"JWT_PUBLIC_KEY":      string(pub),
		"JWT_REQUIRED_SCOPES": "mcp:tools",
	}

	// An incomplete configuration stops the start.
	code, _, errOut := runCLI(t, map[string]string{"WASMCP_AUTH_MODE": "oauth", "JWT_PUBLIC_KEY": string(pub)}, "serve", "--config", serveDir(t), "--port", "0")
	if code != exitError || !strings.Contains(errOut, "JWT_ISSUER is required in oauth mode") {
		t.Errorf("oauth without issuer: exit %d %s", code, errOut)
	}

	code, tok, errOut := runCLI(t, nil, "jwt", "mint", "--key", filepath.Join(keys, "private.pem"), "--iss", "https://issuer.local", "--scope", "mcp:tools")
	if code != 0 {
		t.Fatal(errOut)
	}
	tok = strings.TrimSpace(tok)

	pr, pw := io.Pipe()
	f := &factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: pw}, Getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- runWith(ctx, []string{"serve", "--config", serveDir(t), "--port", "0"}, f)
		pw.Close()
	}()
	var addr string
	var stderr strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
		if a, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
			addr = a
		}
		if strings.Contains(sc.Text(), "oauth mode") {
			break
		}
	}
	var rest strings.Builder
	copied := make(chan struct{})
	go func() { io.Copy(&rest, pr); close(copied) }()
	if addr == "" {
		t.Fatalf("no listening line:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "generated client token") {
		t.Errorf("a client token was generated in oauth mode:\n%s", stderr.String())
	}
	call := func(token string) (*http.Response, string) {
		req, _ := http.NewRequest("POST", addr+"/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hi"}}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	if resp, body := call(tok); resp.StatusCode != 200 || !strings.Contains(body, `{\"message\":\"hi\"}`) {
		t.Errorf("minted token: %d %s", resp.StatusCode, body)
	}
	resp, _ := call("")
	if resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), addr+"/.well-known/oauth-protected-resource") {
		t.Errorf("no token: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	cancel()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	<-copied
	if strings.Contains(stderr.String()+rest.String(), tok) {
		t.Error("the token reached the log")
	}
}
