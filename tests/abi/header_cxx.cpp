// The public header from C++: it compiles (as C++11, pedantic, with every
// warning an error), its declarations have C linkage (this links against
// the C library), and the library's handles are opaque.
#include <score/score.h>

#include <cstdio>
#include <cstring>
#include <type_traits>

namespace {

// True when T is a complete type: sizeof(T) is well-formed only then.
template <typename T, typename = void>
struct is_complete : std::false_type {};
template <typename T>
struct is_complete<T, decltype(void(sizeof(T)))> : std::true_type {};

// The handles are declared, never defined, in the public header: a program
// cannot depend on their layout, so the library may change it.
static_assert(!is_complete<score_ruleset>::value, "score_ruleset must be opaque");
static_assert(!is_complete<score_table>::value, "score_table must be opaque");
static_assert(!is_complete<score_result>::value, "score_result must be opaque");
// The structs the caller fills or owns are complete, and plain C data.
static_assert(std::is_standard_layout<score_error>::value, "score_error is C data");
static_assert(std::is_trivial<score_load_options>::value, "score_load_options is C data");

int failures = 0;

void expect(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "FAIL: %s\n", what);
        failures++;
    }
}

}  // namespace

int main()
{
    expect(std::strcmp(score_version(), SCORE_VERSION) == 0,
           "score_version() equals SCORE_VERSION");

    // The option initializers are usable as C++ aggregate initializers.
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    score_eval_options eval_opts = SCORE_EVAL_OPTIONS_INIT;
    expect(opts.version == SCORE_LOAD_OPTIONS_VERSION, "SCORE_LOAD_OPTIONS_INIT sets the version");
    expect(eval_opts.version == SCORE_EVAL_OPTIONS_VERSION, "SCORE_EVAL_OPTIONS_INIT sets the version");

    // A call that fails, through the C error structure.
    score_ruleset *rs = nullptr;
    score_error err;
    int rc = score_ruleset_load_builtin(&rs, "no-such-ruleset", &opts, &err);
    expect(rc == SCORE_ENOTFOUND && err.code == SCORE_ENOTFOUND,
           "an unknown built-in id is SCORE_ENOTFOUND");
    char text[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 32];
    expect(std::strlen(score_error_format(&err, text, sizeof text)) > 0, "the error formats");

    // And one that succeeds, on a built-in, freed from C++.
    rc = score_ruleset_load_builtin(&rs, "meihao-xiangcun", &opts, &err);
    expect(rc == 0 && std::strcmp(score_ruleset_id(rs), "meihao-xiangcun") == 0,
           "a built-in loads from C++");
    score_ruleset_free(rs);

    if (failures == 0)
        std::printf("score.h compiles and works as C++ (libscore %s)\n", score_version());
    return failures == 0 ? 0 : 1;
}
