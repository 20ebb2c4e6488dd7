// How a fuzz target states an invariant: FUZZ_CHECK(condition, "what broke") aborts with the
// message when the condition is false, in the libFuzzer build (which then saves the input as a
// reproducer) and in the replay driver of `make test` alike. Unlike assert it is never compiled
// out.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, message)                                                 \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__,  \
                   message, #condition);                                               \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)
