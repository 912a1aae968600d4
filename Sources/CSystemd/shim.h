// The parts of libsystemd diplomatd uses. None of them is variadic: sd_notify takes one
// string and sd_journal_sendv an iovec array, so Swift can call them directly (no
// sd_notifyf / sd_journal_send, which Swift cannot import).
#pragma once
#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
