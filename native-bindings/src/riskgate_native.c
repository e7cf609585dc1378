/*
 * riskgate_native: pin the calling thread, read where it runs, lock memory.
 *
 * Every function acts on the CALLING thread (pthread_self / gettid), so a worker_thread that
 * calls pinThread pins itself and nothing else. Nothing here throws into JS: failures come
 * back as errno values (positive ints) so the typed loader (src/native/) can turn them into
 * stable codes. Arguments that are not what the loader sends give EINVAL.
 *
 * Exports (all synchronous, none allocate beyond their return value):
 *   pinThread(cpus: number[]) -> 0 | errno
 *   getAffinity()             -> number[] (sorted CPU ids) | errno
 *   getCpu()                  -> cpu id >= 0 | -errno
 *   getTid()                  -> kernel thread id of the calling thread
 *   lockMemory(onFault: bool) -> 0 | errno   mlockall(MCL_CURRENT|MCL_FUTURE[|MCL_ONFAULT])
 *   unlockMemory()            -> 0 | errno   munlockall()
 *   strerror(errno: number)   -> string
 *   cpuSetSize                -> CPU_SETSIZE (highest pinnable CPU id + 1)
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <node_api.h>

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

/* Returns a JS number, or NULL (=> undefined) when even that fails. */
static napi_value make_int(napi_env env, int64_t v) {
  napi_value out;
  if (napi_create_int64(env, v, &out) != napi_ok) return NULL;
  return out;
}

/* Fills argv with the first `want` arguments. Returns 0, or EINVAL when fewer were passed. */
static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return EINVAL;
  if (argc < want) return EINVAL;
  return 0;
}

static napi_value pin_thread(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, 1, argv) != 0) return make_int(env, EINVAL);

  bool is_array = false;
  if (napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array) return make_int(env, EINVAL);
  uint32_t len = 0;
  if (napi_get_array_length(env, argv[0], &len) != napi_ok || len == 0) return make_int(env, EINVAL);

  cpu_set_t set;
  CPU_ZERO(&set);
  for (uint32_t i = 0; i < len; i++) {
    napi_value el;
    double d;
    if (napi_get_element(env, argv[0], i, &el) != napi_ok) return make_int(env, EINVAL);
    if (napi_get_value_double(env, el, &d) != napi_ok) return make_int(env, EINVAL);
    if (!(d >= 0) || d >= CPU_SETSIZE || floor(d) != d) return make_int(env, EINVAL);
    CPU_SET((int)d, &set);
  }
  /* pthread_setaffinity_np returns the error number; it does not set errno. */
  int rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
  return make_int(env, rc);
}

static napi_value get_affinity(napi_env env, napi_callback_info info) {
  (void)info;
  cpu_set_t set;
  CPU_ZERO(&set);
  int rc = pthread_getaffinity_np(pthread_self(), sizeof(set), &set);
  if (rc != 0) return make_int(env, rc);

  napi_value arr;
  if (napi_create_array(env, &arr) != napi_ok) return NULL;
  uint32_t n = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (!CPU_ISSET(cpu, &set)) continue;
    napi_value v = make_int(env, cpu);
    if (v == NULL || napi_set_element(env, arr, n++, v) != napi_ok) return NULL;
  }
  return arr;
}

static napi_value get_cpu(napi_env env, napi_callback_info info) {
  (void)info;
  int cpu = sched_getcpu();
  return make_int(env, cpu >= 0 ? cpu : -errno);
}

static napi_value get_tid(napi_env env, napi_callback_info info) {
  (void)info;
  return make_int(env, (int64_t)syscall(SYS_gettid));
}

static napi_value lock_memory(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool on_fault = false;
  if (get_args(env, info, 1, argv) == 0) {
    if (napi_get_value_bool(env, argv[0], &on_fault) != napi_ok) on_fault = false;
  }
  int flags = MCL_CURRENT | MCL_FUTURE | (on_fault ? MCL_ONFAULT : 0);
  return make_int(env, mlockall(flags) == 0 ? 0 : errno);
}

static napi_value unlock_memory(napi_env env, napi_callback_info info) {
  (void)info;
  return make_int(env, munlockall() == 0 ? 0 : errno);
}

static napi_value str_error(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t code = 0;
  if (get_args(env, info, 1, argv) != 0 || napi_get_value_int32(env, argv[0], &code) != napi_ok) {
    code = EINVAL;
  }
  char buf[256];
  /* GNU strerror_r may return a static string instead of filling buf. */
  const char *msg = strerror_r(code < 0 ? -code : code, buf, sizeof(buf));
  napi_value out;
  if (napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &out) != napi_ok) return NULL;
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"pinThread", NULL, pin_thread, NULL, NULL, NULL, napi_enumerable, NULL},
    {"getAffinity", NULL, get_affinity, NULL, NULL, NULL, napi_enumerable, NULL},
    {"getCpu", NULL, get_cpu, NULL, NULL, NULL, napi_enumerable, NULL},
    {"getTid", NULL, get_tid, NULL, NULL, NULL, napi_enumerable, NULL},
    {"lockMemory", NULL, lock_memory, NULL, NULL, NULL, napi_enumerable, NULL},
    {"unlockMemory", NULL, unlock_memory, NULL, NULL, NULL, napi_enumerable, NULL},
    {"strerror", NULL, str_error, NULL, NULL, NULL, napi_enumerable, NULL},
    {"cpuSetSize", NULL, NULL, NULL, NULL, make_int(env, CPU_SETSIZE), napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) {
    return NULL;
  }
  return exports;
}

/* N-API modules are context-aware: each worker_thread that requires the file gets its own exports. */
NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
