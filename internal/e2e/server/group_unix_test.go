//go:build unix

package server

import (
	"os/exec"
	"syscall"
)

// setGroup puts cmd in its own process group so that killGroup also ends
// the processes it starts (jco's workers).
func setGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
