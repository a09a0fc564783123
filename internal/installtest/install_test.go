// Package installtest tests the release path end to end: scripts/dist.sh
// builds the archives, checksums and `latest` file, a loopback HTTP server
// publishes them in the layout install.sh expects, and install.sh installs
// wasmcp into a temporary HOME.
package installtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

const testVersion = "v9.8.7-installtest"

var dist string // the directory dist.sh wrote

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wasmcp-dist-")
	if err != nil {
		panic(err)
	}
	dist = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var built atomic.Bool

// buildDist runs scripts/dist.sh once for the package (one build per target).
func buildDist(t *testing.T) {
	t.Helper()
	if built.Load() {
		return
	}
	cmd := exec.Command("bash", filepath.Join(testutil.RepoRoot(t), "scripts", "dist.sh"))
	cmd.Env = append(os.Environ(), "VERSION="+testVersion, "DIST="+dist)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dist.sh: %v\n%s", err, out)
	}
	built.Store(true)
}

// server publishes dist/ as <base>/<version>/<file> and <base>/latest. With
// tamper set, archives are served with one byte changed.
type server struct {
	*httptest.Server
	tamper   atomic.Bool
	requests atomic.Int64
}

func newServer(t *testing.T) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		p := strings.TrimPrefix(r.URL.Path, "/")
		if p == "latest" {
			http.ServeFile(w, r, filepath.Join(dist, "latest"))
			return
		}
		version, file, ok := strings.Cut(p, "/")
		if !ok || version != testVersion || strings.Contains(file, "/") || file == "latest" {
			http.NotFound(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(dist, file))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if s.tamper.Load() && strings.HasSuffix(file, ".tar.gz") {
			data = append([]byte(nil), data...)
			data[len(data)/2] ^= 0xff
		}
		w.Write(data)
	}))
	t.Cleanup(s.Close)
	return s
}

// install runs install.sh with a fresh HOME and returns its exit code and output.
func install(t *testing.T, s *server, home string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("sh", append([]string{filepath.Join(testutil.RepoRoot(t), "install.sh")}, args...)...)
	cmd.Env = append([]string{
		"HOME=" + home,
		"PATH=" + os.Getenv("PATH"),
		"WASMCP_INSTALL_BASE_URL=" + s.URL,
	}, env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("install.sh: %v", err)
		}
		code = ee.ExitCode()
	}
	return code, string(out)
}

func TestDistArtifacts(t *testing.T) {
	buildDist(t)
	latest, err := os.ReadFile(filepath.Join(dist, "latest"))
	if err != nil || string(latest) != testVersion+"\n" {
		t.Fatalf("latest = %q, %v", latest, err)
	}
	sums, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("bad checksums line %q", line)
		}
		data, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(data)
		if hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: checksum does not match", name)
		}
		names = append(names, name)
		files := tarFiles(t, data)
		if !contains(files, "wasmcp") || !contains(files, "README.md") {
			t.Errorf("%s holds %v", name, files)
		}
	}
	sort.Strings(names)
	want := []string{}
	for _, osArch := range []string{"darwin_amd64", "darwin_arm64", "linux_amd64", "linux_arm64"} {
		want = append(want, "wasmcp_"+testVersion+"_"+osArch+".tar.gz")
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("archives %v, want %v", names, want)
	}
}

func tarFiles(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, h.Name)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func requireHostTarget(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" || runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Fatalf("install.sh supports linux and darwin on amd64 and arm64, not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
}

func TestInstallLatest(t *testing.T) {
	requireHostTarget(t)
	buildDist(t)
	s := newServer(t)
	home := t.TempDir()
	code, out := install(t, s, home, nil)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	bin := filepath.Join(home, ".wasmcp", "bin", "wasmcp")
	got, err := exec.Command(bin, "--version").Output()
	if err != nil || strings.TrimSpace(string(got)) != "wasmcp "+testVersion {
		t.Fatalf("installed --version = %q, %v", got, err)
	}
	for _, s := range []string{"Installed wasmcp " + testVersion, `export PATH="` + filepath.Dir(bin) + `:$PATH"`} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
	// Installing again over an existing binary works and leaves no temporary file.
	if code, out := install(t, s, home, nil, "--version", testVersion); code != 0 {
		t.Fatalf("reinstall: exit %d:\n%s", code, out)
	}
	entries, _ := os.ReadDir(filepath.Dir(bin))
	if len(entries) != 1 {
		t.Errorf("bin dir holds %d entries", len(entries))
	}
}

func TestInstallBinDirAndEnv(t *testing.T) {
	requireHostTarget(t)
	buildDist(t)
	s := newServer(t)
	home := t.TempDir()
	dir := filepath.Join(t.TempDir(), "tools", "bin")
	if code, out := install(t, s, home, nil, "--version="+testVersion, "--bin-dir", dir); code != 0 {
		t.Fatalf("--bin-dir: exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "wasmcp")); err != nil {
		t.Fatal(err)
	}
	envDir := filepath.Join(t.TempDir(), "envbin")
	if code, out := install(t, s, home, []string{"WASMCP_INSTALL_DIR=" + envDir}); code != 0 {
		t.Fatalf("WASMCP_INSTALL_DIR: exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(envDir, "wasmcp")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".wasmcp")); err == nil {
		t.Error("default directory used despite --bin-dir / WASMCP_INSTALL_DIR")
	}
}

func TestInstallRefusesTamperedArchive(t *testing.T) {
	requireHostTarget(t)
	buildDist(t)
	s := newServer(t)
	s.tamper.Store(true)
	home := t.TempDir()
	code, out := install(t, s, home, nil)
	if code == 0 || !strings.Contains(out, "checksum mismatch") || !strings.Contains(out, "nothing was installed") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(home, ".wasmcp")); err == nil {
		t.Error("a tampered archive left files behind")
	}
}

func TestInstallUnknownVersion(t *testing.T) {
	requireHostTarget(t)
	buildDist(t)
	s := newServer(t)
	home := t.TempDir()
	code, out := install(t, s, home, nil, "--version", "v0.0.0-nope")
	if code == 0 || !strings.Contains(out, "v0.0.0-nope") || !strings.Contains(out, "published wasmcp version") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(home, ".wasmcp")); err == nil {
		t.Error("an unknown version left files behind")
	}
	// A version with characters outside the release naming is refused before any download.
	before := s.requests.Load()
	if code, out := install(t, s, home, nil, "--version", "../../etc"); code == 0 || !strings.Contains(out, "bad version") {
		t.Fatalf("path-like version: exit %d:\n%s", code, out)
	}
	if s.requests.Load() != before {
		t.Error("a bad version was requested from the server")
	}
	if code, out := install(t, s, home, nil, "--bogus"); code != 2 || !strings.Contains(out, "unknown option") {
		t.Fatalf("unknown option: exit %d:\n%s", code, out)
	}
}

// TestInstallUnsupportedSystem fakes uname to check the OS and architecture
// detection and its errors; nothing is downloaded.
func TestInstallUnsupportedSystem(t *testing.T) {
	for _, tc := range []struct{ s, m, want string }{
		{"FreeBSD", "x86_64", "unsupported operating system FreeBSD"},
		{"Linux", "riscv64", "unsupported architecture riscv64"},
		{"Darwin", "ppc", "unsupported architecture ppc"},
	} {
		fake := t.TempDir()
		script := "#!/bin/sh\ncase \"$1\" in -s) echo " + tc.s + ";; -m) echo " + tc.m + ";; *) echo " + tc.s + ";; esac\n"
		if err := os.WriteFile(filepath.Join(fake, "uname"), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("sh", filepath.Join(testutil.RepoRoot(t), "install.sh"))
		cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + fake + string(os.PathListSeparator) + os.Getenv("PATH"), "WASMCP_INSTALL_BASE_URL=http://127.0.0.1:1"}
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("%s/%s: %v\n%s", tc.s, tc.m, err, out)
		}
	}
}
