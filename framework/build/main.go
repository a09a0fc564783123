// Command build builds the framework's parts into the compressed components
// that package framework/embedded embeds:
//
//	go run ./framework/build [-check] [-j N] [-o DIR] [part ...]
//
// Without -check it regenerates each part's bindings (framework/<part>/bindings),
// builds the part and writes framework/embedded/parts/<part>.wasm.gz and the
// index parts.json. With -check it writes nothing: it rebuilds and fails if a
// committed binding, component or index entry differs from the rebuilt one.
// Without part names it builds every directory framework/<part> that holds a
// part.json. See docs/framework-parts.md.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"time"

	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/framework/build/pipeline"
)

func main() {
	check := flag.Bool("check", false, "rebuild and compare with the committed parts and bindings; write nothing")
	jobs := flag.Int("j", 2, "parts built at the same time")
	out := flag.String("o", "", "output directory (default framework/embedded/parts)")
	nodeModules := flag.String("node-modules", "", "node_modules holding @bytecodealliance/jco (default: found like wasmcp componentize)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *check, *jobs, *out, *nodeModules, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "framework build:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, check bool, jobs int, out, nodeModules string, names []string) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := pipeline.FindRoot(wd)
	if err != nil {
		return err
	}
	if nodeModules == "" {
		if nodeModules, err = componentize.FindNodeModules(componentize.DefaultNodeModules(os.Getenv, root)...); err != nil {
			return err
		}
	}
	cfg := pipeline.Config{Root: root, NodeModules: nodeModules, Log: os.Stderr}
	all, err := pipeline.LoadParts(root)
	if err != nil {
		return err
	}
	parts, err := pipeline.Select(all, names)
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(root, "framework", "embedded", "parts")
	}
	committed := filepath.Join(root, "framework", "embedded", "parts")
	if !check {
		// The core module is built from the bindings on disk: write them first.
		for _, p := range parts {
			if err := writeBindings(cfg, p); err != nil {
				return err
			}
		}
	}
	start := time.Now()
	results := make([]*pipeline.Result, len(parts))
	errs := make([]error, len(parts))
	sem := make(chan struct{}, max(jobs, 1))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = cfg.Build(ctx, p)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "built %d parts in %s\n", len(parts), time.Since(start).Round(time.Second))
	if check {
		return compare(cfg, committed, results)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	idx, err := pipeline.ReadIndex(out)
	if err != nil {
		return err
	}
	for _, r := range results {
		if err := componentize.WriteFile(filepath.Join(out, pipeline.ArtifactName(r.Part.Name)), pipeline.Compress(r.Component)); err != nil {
			return err
		}
		idx = pipeline.MergeIndex(idx, r.Entry)
		fmt.Fprintf(os.Stderr, "%s %s: %d bytes, sha256 %s\n", r.Entry.Name, r.Entry.Version, r.Entry.Size, r.Entry.SHA256)
	}
	return componentize.WriteFile(filepath.Join(out, pipeline.IndexFile), pipeline.EncodeIndex(idx))
}

func writeBindings(cfg pipeline.Config, p pipeline.Part) error {
	witDir, cleanup, err := cfg.PrepareWIT(p)
	if err != nil {
		return err
	}
	defer cleanup()
	gens, _, err := pipeline.Bindings(p, witDir)
	if err != nil {
		return err
	}
	return cfg.WriteBindings(gens)
}

// compare reports every difference between the rebuilt and the committed
// parts.
func compare(cfg pipeline.Config, dir string, results []*pipeline.Result) error {
	idx, err := pipeline.ReadIndex(dir)
	if err != nil {
		return err
	}
	var problems []string
	for _, r := range results {
		for _, g := range r.Bindings {
			for _, f := range g.Files {
				path := cfg.FilePath(g, f)
				have, err := os.ReadFile(path)
				if err != nil || !bytes.Equal(have, f.Content) {
					problems = append(problems, fmt.Sprintf("%s is not what bindgen generates", path))
				}
			}
		}
		gz, err := os.ReadFile(filepath.Join(dir, pipeline.ArtifactName(r.Part.Name)))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", r.Part.Name, err))
			continue
		}
		have, err := pipeline.Decompress(gz)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", r.Part.Name, err))
			continue
		}
		if !bytes.Equal(have, r.Component) {
			problems = append(problems, fmt.Sprintf("%s: committed component (%d bytes) differs from the rebuilt one (%d bytes)", r.Part.Name, len(have), len(r.Component)))
		}
		if !bytes.Equal(gz, pipeline.Compress(r.Component)) {
			problems = append(problems, fmt.Sprintf("%s: committed %s is not the canonical gzip of the component", r.Part.Name, pipeline.ArtifactName(r.Part.Name)))
		}
		found := false
		for _, e := range idx {
			if e.Name == r.Part.Name {
				found = true
				if e != r.Entry {
					problems = append(problems, fmt.Sprintf("%s: index entry %+v, rebuilt %+v", r.Part.Name, e, r.Entry))
				}
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%s: not in %s", r.Part.Name, pipeline.IndexFile))
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, p)
		}
		return fmt.Errorf("%d differences: run `make framework` and commit the result", len(problems))
	}
	fmt.Fprintf(os.Stderr, "%d parts are current\n", len(results))
	return nil
}
