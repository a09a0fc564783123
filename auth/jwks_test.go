package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// jwksServer is an in-process key publisher whose answer can change.
type jwksServer struct {
	mu    sync.Mutex
	body  []byte
	err   error
	delay time.Duration
	calls atomic.Int32
}

func (s *jwksServer) Fetch(ctx context.Context, url string) ([]byte, error) {
	s.calls.Add(1)
	s.mu.Lock()
	body, err, delay := s.body, s.err, s.delay
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return body, err
}

func (s *jwksServer) set(body []byte, err error) {
	s.mu.Lock()
	s.body, s.err = body, err
	s.mu.Unlock()
}

func TestJWKSCacheTTLAndUnknownKid(t *testing.T) {
	clk := &clock{now: t0}
	srv := &jwksServer{body: jwksOf(t)}
	c := NewJWKSCache("https://issuer.test/jwks", srv, JWKSOptions{TTL: time.Minute, Now: clk.Now})
	ctx := context.Background()
	lookup := func(kid, alg string) error {
		_, err := c.LookupKey(ctx, JOSEHeader{Alg: alg, Kid: kid})
		return err
	}
	if err := lookup(RS256, RS256); err != nil || srv.calls.Load() != 1 {
		t.Fatalf("first lookup: %v, %d fetches", err, srv.calls.Load())
	}
	if err := lookup(ES256, ES256); err != nil || srv.calls.Load() != 1 {
		t.Fatalf("cached lookup: %v, %d fetches", err, srv.calls.Load())
	}
	// Unknown kids: one refetch, then none until a TTL has passed.
	for range 20 {
		if err := lookup("made-up", RS256); !errors.Is(err, ErrUnknownKey) {
			t.Fatalf("unknown kid: %v", err)
		}
	}
	if n := srv.calls.Load(); n != 2 {
		t.Fatalf("%d fetches after 20 unknown kids, want 2", n)
	}
	// A rotation: the new key is picked up after the TTL.
	rotated, _ := GenerateKey(ES256)
	j, _ := PublicJWK(rotated.Public(), ES256, "rotated")
	srv.set(jwksOf(t, j), nil)
	clk.Advance(61 * time.Second)
	if err := lookup("rotated", ES256); err != nil || srv.calls.Load() != 3 {
		t.Fatalf("after the TTL: %v, %d fetches", err, srv.calls.Load())
	}
}

func TestJWKSCacheFailures(t *testing.T) {
	clk := &clock{now: t0}
	srv := &jwksServer{err: errors.New("connection refused")}
	c := NewJWKSCache("https://issuer.test/jwks", srv, JWKSOptions{TTL: time.Minute, Now: clk.Now})
	ctx := context.Background()
	h := JOSEHeader{Alg: RS256, Kid: RS256}
	for range 5 {
		if _, err := c.LookupKey(ctx, h); !errors.Is(err, ErrKeysUnavailable) {
			t.Fatalf("endpoint down: %v", err)
		}
	}
	if n := srv.calls.Load(); n != 1 {
		t.Fatalf("%d fetches while down, want 1 (backoff)", n)
	}
	clk.Advance(failureBackoff)
	srv.set(jwksOf(t), nil)
	if _, err := c.LookupKey(ctx, h); err != nil {
		t.Fatalf("after the backoff: %v", err)
	}
	// Down again after the TTL: the keys fetched before are kept.
	srv.set(nil, errors.New("503"))
	clk.Advance(2 * time.Minute)
	if _, err := c.LookupKey(ctx, h); err != nil {
		t.Fatalf("stale keys while down: %v", err)
	}
	// Garbage is a failed fetch too.
	srv.set([]byte(`{"keys":"no"}`), nil)
	clk.Advance(time.Hour)
	if _, err := c.LookupKey(ctx, h); err != nil {
		t.Fatalf("stale keys after a bad document: %v", err)
	}
}

// A slow endpoint costs at most the fetch timeout, and concurrent lookups
// share one fetch.
func TestJWKSCacheSlow(t *testing.T) {
	srv := &jwksServer{body: jwksOf(t), delay: time.Hour}
	c := NewJWKSCache("https://issuer.test/jwks", srv, JWKSOptions{Timeout: 200 * time.Millisecond})
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.LookupKey(context.Background(), JOSEHeader{Alg: RS256, Kid: RS256}); !errors.Is(err, ErrKeysUnavailable) {
				t.Errorf("slow endpoint: %v", err)
			}
		}()
	}
	wg.Wait()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("8 lookups took %v", d)
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
	// A caller whose own context ends stops waiting.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c2 := NewJWKSCache("u", srv, JWKSOptions{Timeout: time.Hour})
	if _, err := c2.LookupKey(ctx, JOSEHeader{Alg: RS256}); !errors.Is(err, ErrKeysUnavailable) {
		t.Errorf("cancelled lookup: %v", err)
	}
}
