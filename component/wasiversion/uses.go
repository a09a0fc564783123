package wasiversion

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/wasmcp/wasmcp/component"
)

// Errors that callers can test for with errors.Is.
var (
	// ErrMissing: the requested release lacks an item the component uses.
	ErrMissing = errors.New("WASI release too old")
	// ErrUnknown: the component uses an item that no WASI 0.2 release up to
	// Newest has, or one that only an @unstable feature provides.
	ErrUnknown = errors.New("unknown WASI item")
)

// Use is one WASI 0.2 interface, type or function that a component imports
// or exports.
type Use struct {
	// Item is the interface ("wasi:cli/exit") or the item in it
	// ("wasi:cli/exit.exit-with-code", "wasi:io/poll.[method]pollable.block").
	Item string
	// Via is the import or export name it comes through
	// ("wasi:cli/exit@0.2.12"), with the direction: "import" or "export".
	Via, Direction string
	// Since is the release that introduced Item when Known.
	Since Version
	// Known is false for an item the table does not have.
	Known bool
	// Feature is the @unstable feature that gates Item, or "".
	Feature string
}

func (u Use) String() string {
	return fmt.Sprintf("%s (%sed as %s)", u.Item, u.Direction, u.Via)
}

// Uses lists the WASI 0.2 interfaces, and the types and functions in them,
// that w imports and exports: for an interface, what its instance type
// lists, which is what the component actually uses (toolchains leave out
// the functions a module does not call).
func Uses(w *component.World) []Use {
	var out []Use
	add := func(es []component.Extern, dir string) {
		for _, e := range es {
			iface, _, ok := nameVersion(e.Name)
			if !ok {
				continue
			}
			out = append(out, lookup(iface, e.Name, dir))
			it, ok := e.Type.(*component.Interface)
			if !ok {
				continue
			}
			for _, x := range it.Exports {
				out = append(out, lookup(iface+"."+x.Name, e.Name, dir))
			}
		}
	}
	add(w.Imports, "import")
	add(w.Exports, "export")
	return out
}

func lookup(item, via, dir string) Use {
	u := Use{Item: item, Via: via, Direction: dir}
	iface, _, _ := strings.Cut(item, ".")
	if f, ok := unstable[iface]; ok {
		u.Feature = f
		return u
	}
	if f, ok := unstable[item]; ok {
		u.Feature = f
		return u
	}
	if n, ok := since[item]; ok {
		u.Known, u.Since = true, Version{Patch: int(n)}
	}
	return u
}

// Lowest returns the lowest WASI 0.2 release that has every item in uses
// (0.2.0 when there are none). An item that is unknown or unstable is an
// ErrUnknown error naming it.
func Lowest(uses []Use) (Version, error) {
	if err := unknown(uses); err != nil {
		return Version{}, err
	}
	var v Version
	for _, u := range uses {
		if v.Less(u.Since) {
			v = u.Since
		}
	}
	return v, nil
}

// Check reports whether release v has every item in uses: an item it
// lacks is an ErrMissing error naming the item and the release that
// introduced it.
func Check(uses []Use, v Version) error {
	if err := unknown(uses); err != nil {
		return err
	}
	var lacks []string
	seen := map[string]bool{}
	for _, u := range uses {
		if v.Less(u.Since) && !seen[u.Item] {
			seen[u.Item] = true
			lacks = append(lacks, fmt.Sprintf("%s (added in WASI %s; %sed as %s)", u.Item, u.Since, u.Direction, u.Via))
		}
	}
	if len(lacks) == 0 {
		return nil
	}
	sort.Strings(lacks)
	lowest, _ := Lowest(uses)
	return fmt.Errorf("WASI %s lacks %s; the lowest release that has everything used is %s: %w", v, strings.Join(lacks, ", "), lowest, ErrMissing)
}

func unknown(uses []Use) error {
	var bad []string
	seen := map[string]bool{}
	for _, u := range uses {
		if u.Known || seen[u.Item] {
			continue
		}
		seen[u.Item] = true
		if u.Feature != "" {
			bad = append(bad, fmt.Sprintf("%s is unstable (feature %s) in WASI 0.2 up to %s", u, u.Feature, Newest()))
		} else {
			bad = append(bad, fmt.Sprintf("%s is in no WASI release up to %s", u, Newest()))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return fmt.Errorf("%s: %w", strings.Join(bad, "; "), ErrUnknown)
}
