package wasiversion

import (
	"fmt"

	"github.com/wasmcp/wasmcp/component"
)

// Target selects the WASI 0.2 release a component's names are written at.
type Target struct {
	// Lowest selects the lowest release that has every WASI item the
	// component uses; otherwise Version is used.
	Lowest  bool
	Version Version
}

// ParseTarget reads the value of a --wasi-version flag: "" selects the
// lowest release that has what the component uses, anything else must
// Parse.
func ParseTarget(s string) (Target, error) {
	if s == "" {
		return Target{Lowest: true}, nil
	}
	v, err := Parse(s)
	if err != nil {
		return Target{}, err
	}
	return Target{Version: v}, nil
}

func (t Target) String() string {
	if t.Lowest {
		return "the lowest WASI 0.2 release that has what the component uses"
	}
	return "WASI " + t.Version.String()
}

// Choose returns the release t selects for a component that imports and
// exports w, after checking that the release has every WASI item w uses.
func Choose(w *component.World, t Target) (Version, error) {
	uses := Uses(w)
	if t.Lowest {
		return Lowest(uses)
	}
	if err := Check(uses, t.Version); err != nil {
		return Version{}, err
	}
	return t.Version, nil
}

// Retarget rewrites the WASI 0.2 names of a component (and of the
// components nested in it) to the release t selects, and returns the new
// bytes with that release.
func Retarget(wasm []byte, t Target) ([]byte, Version, error) {
	c, err := component.Decode(wasm)
	if err != nil {
		return nil, Version{}, err
	}
	w, err := component.Resolve(c)
	if err != nil {
		return nil, Version{}, err
	}
	v, err := Choose(w, t)
	if err != nil {
		return nil, Version{}, err
	}
	if err := Rename(c, v); err != nil {
		return nil, Version{}, err
	}
	if err := component.Validate(c); err != nil {
		return nil, Version{}, fmt.Errorf("the component with WASI %s names does not validate: %w", v, err)
	}
	return component.Encode(c), v, nil
}
