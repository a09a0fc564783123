package cabi

// Table maps the reps (i32 representations) of an exported resource to the Go
// values behind them. Reps start at 1 and are reused after Remove.
type Table[T any] struct {
	items []T
	live  []bool
	free  []uint32
}

// Add stores v and returns its rep.
func (t *Table[T]) Add(v T) uint32 {
	if n := len(t.free); n > 0 {
		rep := t.free[n-1]
		t.free = t.free[:n-1]
		t.items[rep-1] = v
		t.live[rep-1] = true
		return rep
	}
	t.items = append(t.items, v)
	t.live = append(t.live, true)
	return uint32(len(t.items))
}

// Get returns the value for rep; it panics (a trap) on a rep never handed out
// or already removed.
func (t *Table[T]) Get(rep uint32) T {
	if rep == 0 || int(rep) > len(t.items) || !t.live[rep-1] {
		panic("cabi: unknown resource rep")
	}
	return t.items[rep-1]
}

// Remove forgets rep and returns its value.
func (t *Table[T]) Remove(rep uint32) T {
	v := t.Get(rep)
	var zero T
	t.items[rep-1] = zero
	t.live[rep-1] = false
	t.free = append(t.free, rep)
	return v
}

// Len reports the number of live entries.
func (t *Table[T]) Len() int { return len(t.items) - len(t.free) }
