package serve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wasmcp/wasmcp/serve/config"
)

// statusError carries the HTTP status of an admin failure.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }

func fail(status int, format string, args ...any) error {
	return &statusError{status, fmt.Errorf(format, args...)}
}

func writeAdminError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var se *statusError
	if errors.As(err, &se) {
		status = se.status
	}
	httpError(w, status, "%v", err)
}

// checkFileName refuses upload file names that could address anything but
// a plain file, or that would break a log line. The name is not used to
// store the file (see storedName); other names, spaces included, are fine.
func checkFileName(name string) error {
	switch {
	case name == "":
		return fail(http.StatusBadRequest, "wasmFile: the part has no file name")
	case len(name) > config.MaxNameLength:
		return fail(http.StatusBadRequest, "wasmFile: file name of %d bytes (at most %d)", len(name), config.MaxNameLength)
	case strings.ContainsAny(name, `/\`) || strings.Contains(name, ".."):
		return fail(http.StatusBadRequest, "wasmFile: unsafe file name %q (no directories, no ..)", name)
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fail(http.StatusBadRequest, "wasmFile: unsafe file name %q (control characters or invalid UTF-8)", name)
	}
	return nil
}

// storedName turns a plugin name into the stem of its uploaded file: names
// may hold spaces and other characters that are awkward in file names.
func storedName(plugin string) string {
	var b strings.Builder
	dash := false
	for _, r := range plugin {
		ok := r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-')
		if !ok {
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		b.WriteRune(r)
		dash = false
	}
	out := strings.Trim(b.String(), ".-")
	if out == "" {
		return "plugin"
	}
	return out
}

// readUpload reads the multipart body of an upload: wasmFile and pluginData.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (*config.Plugin, []byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, nil, fail(http.StatusBadRequest, "expected a multipart/form-data body with the parts wasmFile and pluginData")
	}
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(5 * time.Minute))
	defer rc.SetReadDeadline(time.Time{})
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadSize+s.cfg.MaxBodySize)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, fail(http.StatusBadRequest, "multipart body: %v", err)
	}
	tooLarge := func(err error) error {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fail(http.StatusRequestEntityTooLarge, "upload larger than %d bytes", s.cfg.MaxUploadSize)
		}
		return fail(http.StatusBadRequest, "multipart body: %v", err)
	}
	var wasm, data []byte
	var haveWasm, haveData bool
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, tooLarge(err)
		}
		switch part.FormName() {
		case "wasmFile":
			if haveWasm {
				return nil, nil, fail(http.StatusBadRequest, "wasmFile: sent twice")
			}
			// part.FileName() would strip directories; check what was sent.
			raw := part.FileName()
			if _, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition")); err == nil {
				raw = params["filename"]
			}
			if err := checkFileName(raw); err != nil {
				return nil, nil, err
			}
			wasm, err = io.ReadAll(io.LimitReader(part, s.cfg.MaxUploadSize+1))
			if err != nil {
				return nil, nil, tooLarge(err)
			}
			if int64(len(wasm)) > s.cfg.MaxUploadSize {
				return nil, nil, fail(http.StatusRequestEntityTooLarge, "wasmFile: larger than the %d-byte limit", s.cfg.MaxUploadSize)
			}
			haveWasm = true
		case "pluginData":
			if haveData {
				return nil, nil, fail(http.StatusBadRequest, "pluginData: sent twice")
			}
			data, err = io.ReadAll(io.LimitReader(part, s.cfg.MaxBodySize+1))
			if err != nil {
				return nil, nil, tooLarge(err)
			}
			if int64(len(data)) > s.cfg.MaxBodySize {
				return nil, nil, fail(http.StatusRequestEntityTooLarge, "pluginData: larger than %d bytes", s.cfg.MaxBodySize)
			}
			haveData = true
		default:
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, nil, tooLarge(err)
			}
		}
	}
	if !haveWasm {
		return nil, nil, fail(http.StatusBadRequest, "missing the wasmFile part")
	}
	if !haveData {
		return nil, nil, fail(http.StatusBadRequest, "missing the pluginData part")
	}
	def, res, err := config.ParsePlugin("pluginData", data)
	if err != nil {
		return nil, nil, fail(http.StatusBadRequest, "%v", err)
	}
	for _, w := range res.Warnings {
		s.cfg.Log("warning: %s", w)
	}
	return def, wasm, nil
}

func (s *Server) handleUploadPlugin(w http.ResponseWriter, r *http.Request) {
	s.uploadOrReplace(w, r, false)
}

func (s *Server) handleUpdatePlugin(w http.ResponseWriter, r *http.Request) {
	s.uploadOrReplace(w, r, true)
}

func (s *Server) uploadOrReplace(w http.ResponseWriter, r *http.Request, replace bool) {
	def, wasm, err := s.readUpload(w, r)
	if err != nil {
		writeAdminError(w, err)
		return
	}
	if name := r.PathValue("name"); name != "" && name != def.Name {
		writeAdminError(w, fail(http.StatusBadRequest, "pluginData.name %q differs from the plugin %q in the URL", def.Name, name))
		return
	}
	path, err := s.putPlugin(r.Context(), *def, wasm, replace)
	if err != nil {
		writeAdminError(w, err)
		return
	}
	def.Path = path
	verb := "uploaded"
	if replace {
		verb = "updated"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"message":  fmt.Sprintf("plugin %s %s", def.Name, verb),
		"filePath": path,
		"metadata": def,
	})
}

// putPlugin checks, compiles and stores a plugin, then publishes it.
func (s *Server) putPlugin(ctx context.Context, def config.Plugin, wasm []byte, replace bool) (string, error) {
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	cur := s.cat.Load()
	old := cur.plugins[def.Name]
	switch {
	case replace && old == nil:
		return "", fail(http.StatusNotFound, "no plugin named %q", def.Name)
	case !replace && old != nil:
		return "", fail(http.StatusConflict, "a plugin named %q exists (use PUT /update-plugin to replace it)", def.Name)
	}
	for _, fn := range def.Functions {
		if t := cur.toolByName[fn.DisplayName]; t != nil && t.plugin.def.Name != def.Name {
			return "", fail(http.StatusConflict, "tool %q is already provided by plugin %q", fn.DisplayName, t.plugin.def.Name)
		}
	}
	sum := sha256.Sum256(wasm)
	file := filepath.Join(s.cfg.UploadPath, storedName(def.Name)+"-"+hex.EncodeToString(sum[:6])+".wasm")
	lp, err := s.loadPlugin(ctx, def, wasm, "wasmFile")
	if err != nil {
		return "", fail(http.StatusBadRequest, "%v", err)
	}
	keep := false
	defer func() {
		if !keep {
			lp.mod.Close()
		}
	}()
	existed := fileExists(file)
	if err := config.WriteFileAtomic(file, wasm, 0o644); err != nil {
		return "", fmt.Errorf("storing the wasm file: %w", err)
	}
	def.Path = s.relToPlugins(file)
	lp.def, lp.file = def, file

	next := cur.clone()
	if replace {
		for i := range next.pluginDefs {
			if next.pluginDefs[i].Name == def.Name {
				next.pluginDefs[i] = def
			}
		}
	} else {
		next.pluginDefs = append(next.pluginDefs, def)
	}
	next.plugins[def.Name] = lp
	next.index()
	if err := s.savePlugin(next, def.Name, &def); err != nil {
		if !existed && (old == nil || old.file != file) {
			os.Remove(file)
		}
		return "", fmt.Errorf("saving %s: %w", s.cfg.pluginsFile(), err)
	}
	keep = true
	s.cat.Store(next)
	if old != nil {
		old.mod.Close() // calls in flight finish on it
		if old.file != file {
			s.removeUploaded(old.file)
		}
	}
	s.cfg.Log("plugin %s %s (%d tools)", def.Name, map[bool]string{false: "added", true: "replaced"}[replace], len(def.Functions))
	s.broadcast("notifications/tools/list_changed")
	return def.Path, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// relToPlugins expresses a file path relative to the plugins folder when it
// is inside it, as definition files do.
func (s *Server) relToPlugins(file string) string {
	if rel, err := filepath.Rel(s.cfg.PluginsPath, file); err == nil && !strings.HasPrefix(rel, "..") {
		return "./" + filepath.ToSlash(rel)
	}
	if abs, err := filepath.Abs(file); err == nil {
		return abs
	}
	return file
}

// removeUploaded deletes a wasm file if it lives in the upload folder (files
// named by hand-written definitions are left alone).
func (s *Server) removeUploaded(file string) {
	if rel, err := filepath.Rel(s.cfg.UploadPath, file); err == nil && !strings.HasPrefix(rel, "..") && !strings.Contains(rel, string(filepath.Separator)) {
		os.Remove(file)
	}
}

// editFile applies one change to a definition file and writes it
// atomically. The change edits the file's text (see config.PutPlugin), so
// everything else in it stays as the user wrote it.
func editFile(path string, edit func(src []byte) ([]byte, error)) ([]byte, error) {
	src, _, err := readOptional(path)
	if err != nil {
		return nil, err
	}
	out, err := edit(src)
	if err != nil {
		return nil, err
	}
	if err := config.WriteFileAtomic(path, out, 0o644); err != nil {
		return nil, err
	}
	return out, nil
}

// savePlugin writes the definition of one plugin (nil def: its removal)
// and records where every plugin now starts in the file.
func (s *Server) savePlugin(c *catalog, name string, def *config.Plugin) error {
	pf := s.cfg.pluginsFile()
	out, err := editFile(pf, func(src []byte) ([]byte, error) {
		if def == nil {
			return config.DeletePlugin(pf, src, name)
		}
		return config.PutPlugin(pf, src, *def)
	})
	if err != nil {
		return err
	}
	if saved, _, err := config.ParsePlugins(pf, out); err == nil {
		lines := map[string]int{}
		for _, p := range saved.Plugins {
			lines[p.Name] = p.Line
		}
		for i := range c.pluginDefs {
			c.pluginDefs[i].Line = lines[c.pluginDefs[i].Name]
		}
	}
	return nil
}

func (s *Server) handleRemovePlugin(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	cur := s.cat.Load()
	old := cur.plugins[name]
	if old == nil {
		writeAdminError(w, fail(http.StatusNotFound, "no plugin named %q", name))
		return
	}
	next := cur.clone()
	delete(next.plugins, name)
	next.pluginDefs = next.pluginDefs[:0]
	for _, d := range cur.pluginDefs {
		if d.Name != name {
			next.pluginDefs = append(next.pluginDefs, d)
		}
	}
	next.index()
	if err := s.savePlugin(next, name, nil); err != nil {
		writeAdminError(w, fmt.Errorf("saving %s: %w", s.cfg.pluginsFile(), err))
		return
	}
	s.cat.Store(next)
	old.mod.Close()
	s.removeUploaded(old.file)
	s.cfg.Log("plugin %s removed", name)
	s.broadcast("notifications/tools/list_changed")
	writeJSON(w, http.StatusOK, map[string]any{"message": fmt.Sprintf("plugin %s removed", name)})
}

func (s *Server) readJSONBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, status, err := readBody(w, r, s.cfg.MaxBodySize)
	if err != nil {
		return nil, fail(status, "%v", err)
	}
	return body, nil
}

func (s *Server) handleAddResource(w http.ResponseWriter, r *http.Request) {
	s.changeResource(w, r, "add")
}
func (s *Server) handleUpdateResource(w http.ResponseWriter, r *http.Request) {
	s.changeResource(w, r, "update")
}
func (s *Server) handleRemoveResource(w http.ResponseWriter, r *http.Request) {
	s.changeResource(w, r, "remove")
}

func (s *Server) changeResource(w http.ResponseWriter, r *http.Request, op string) {
	name := r.PathValue("name")
	var res *config.Resource
	if op != "remove" {
		body, err := s.readJSONBody(w, r)
		if err != nil {
			writeAdminError(w, err)
			return
		}
		res, err = config.ParseResource("body", body)
		if err != nil {
			writeAdminError(w, fail(http.StatusBadRequest, "%v", err))
			return
		}
		if op == "update" && res.Name != name {
			writeAdminError(w, fail(http.StatusBadRequest, "body name %q differs from the resource %q in the URL", res.Name, name))
			return
		}
		name = res.Name
	}
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	cur := s.cat.Load()
	next := cur.clone()
	oldType, oldIndex := "", -1
	drop := func(list []config.Resource, typ string) []config.Resource {
		out := list[:0]
		for i, x := range list {
			if x.Name == name {
				oldType, oldIndex = typ, i
				continue
			}
			out = append(out, x)
		}
		return out
	}
	next.static = drop(next.static, "static")
	next.dynamic = drop(next.dynamic, "dynamic")
	switch {
	case op == "add" && oldType != "":
		writeAdminError(w, fail(http.StatusConflict, "a resource named %q exists", name))
		return
	case op != "add" && oldType == "":
		writeAdminError(w, fail(http.StatusNotFound, "no resource named %q", name))
		return
	}
	newType := ""
	if res != nil {
		for _, x := range append(append([]config.Resource{}, next.static...), next.dynamic...) {
			if x.URI == res.URI {
				writeAdminError(w, fail(http.StatusConflict, "resource %q already has the URI %q", x.Name, res.URI))
				return
			}
		}
		newType = "static"
		if res.IsDynamic() {
			newType = "dynamic"
		}
		// An update that keeps the kind keeps the place, as in the file.
		at := func(list []config.Resource) []config.Resource {
			if newType == oldType {
				return slices.Insert(list, oldIndex, *res)
			}
			return append(list, *res)
		}
		if newType == "dynamic" {
			next.dynamic = at(next.dynamic)
		} else {
			next.static = at(next.static)
		}
	}
	next.index()
	rf := s.cfg.resourcesFile()
	if _, err := editFile(rf, func(src []byte) ([]byte, error) {
		if res == nil {
			return config.DeleteResource(rf, src, name)
		}
		return config.PutResource(rf, src, *res)
	}); err != nil {
		writeAdminError(w, fmt.Errorf("saving %s: %w", rf, err))
		return
	}
	s.cat.Store(next)
	s.broadcast("notifications/resources/list_changed")
	verb := map[string]string{"add": "added", "update": "updated", "remove": "removed"}[op]
	out := map[string]any{"message": fmt.Sprintf("resource %s %s", name, verb)}
	if res != nil {
		out["resource"] = res
	}
	if op == "update" {
		out["oldType"], out["newType"] = oldType, newType
	}
	if op == "remove" {
		out["type"] = oldType
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAddPrompt(w http.ResponseWriter, r *http.Request) {
	s.changePrompt(w, r, "add")
}
func (s *Server) handleUpdatePrompt(w http.ResponseWriter, r *http.Request) {
	s.changePrompt(w, r, "update")
}
func (s *Server) handleRemovePrompt(w http.ResponseWriter, r *http.Request) {
	s.changePrompt(w, r, "remove")
}

func (s *Server) changePrompt(w http.ResponseWriter, r *http.Request, op string) {
	name := r.PathValue("name")
	var pr *config.Prompt
	if op != "remove" {
		body, err := s.readJSONBody(w, r)
		if err != nil {
			writeAdminError(w, err)
			return
		}
		pr, err = config.ParsePrompt("body", body)
		if err != nil {
			writeAdminError(w, fail(http.StatusBadRequest, "%v", err))
			return
		}
		if op == "update" && pr.Name != name {
			writeAdminError(w, fail(http.StatusBadRequest, "body name %q differs from the prompt %q in the URL", pr.Name, name))
			return
		}
		name = pr.Name
	}
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	cur := s.cat.Load()
	next := cur.clone()
	found := false
	kept := next.prompts[:0]
	for _, p := range next.prompts {
		if p.Name == name {
			found = true
			if pr != nil {
				kept = append(kept, *pr) // keep the position
			}
			continue
		}
		kept = append(kept, p)
	}
	next.prompts = kept
	switch {
	case op == "add" && found:
		writeAdminError(w, fail(http.StatusConflict, "a prompt named %q exists", name))
		return
	case op != "add" && !found:
		writeAdminError(w, fail(http.StatusNotFound, "no prompt named %q", name))
		return
	case op == "add":
		next.prompts = append(next.prompts, *pr)
	}
	next.index()
	ppf := s.cfg.promptsFile()
	if _, err := editFile(ppf, func(src []byte) ([]byte, error) {
		if pr == nil {
			return config.DeletePrompt(ppf, src, name)
		}
		return config.PutPrompt(ppf, src, *pr)
	}); err != nil {
		writeAdminError(w, fmt.Errorf("saving %s: %w", ppf, err))
		return
	}
	s.cat.Store(next)
	s.broadcast("notifications/prompts/list_changed")
	verb := map[string]string{"add": "added", "update": "updated", "remove": "removed"}[op]
	out := map[string]any{"message": fmt.Sprintf("prompt %s %s", name, verb)}
	if pr != nil {
		out["prompt"] = pr
	}
	writeJSON(w, http.StatusOK, out)
}
