package oci

import (
	"errors"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// ErrNoVersions says a repository has no semver tag to choose from.
var ErrNoVersions = errors.New("no semver tags")

// HighestSemver picks the highest tag that is a semantic version (an optional
// leading "v" is allowed). Tags that are not semver (latest, main, …) are
// ignored; prereleases are chosen only when there is no release.
func HighestSemver(tags []string) (string, error) {
	var best, bestPre string
	var bv, bpv *semver.Version
	for _, tag := range tags {
		v, err := semver.StrictNewVersion(strings.TrimPrefix(tag, "v"))
		if err != nil {
			continue
		}
		if v.Prerelease() != "" {
			if bpv == nil || v.GreaterThan(bpv) {
				bpv, bestPre = v, tag
			}
			continue
		}
		if bv == nil || v.GreaterThan(bv) {
			bv, best = v, tag
		}
	}
	switch {
	case best != "":
		return best, nil
	case bestPre != "":
		return bestPre, nil
	}
	return "", ErrNoVersions
}

// isSemverTag reports whether tag is a semantic version; such tags are treated
// as immutable once cached.
func isSemverTag(tag string) bool {
	_, err := semver.StrictNewVersion(strings.TrimPrefix(tag, "v"))
	return err == nil
}
