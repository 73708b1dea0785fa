/* hearth-test-utils.h: shared by the tests: hearth-sim as a child process,
 * waiting on the main loop, fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth.h"
/* The tests build their homes as the faces do: with every driver */
#include "hearth-drivers.h"

G_BEGIN_DECLS

typedef struct
{
  char    *family;
  char    *id;
  char    *host;
  guint16  port;
  char    *name;
} HearthTestSimDevice;

typedef struct _HearthTestSim HearthTestSim;

/* Runs $HEARTH_SIM with the given arguments (NULL-terminated) and waits
 * until it printed its device lines and "ready". Aborts the test on failure. */
HearthTestSim             *hearth_test_sim_start        (const char *first_arg,
                                                         ...) G_GNUC_NULL_TERMINATED;
void                       hearth_test_sim_stop         (HearthTestSim *sim);
guint                      hearth_test_sim_get_n_devices (HearthTestSim *sim);
const HearthTestSimDevice *hearth_test_sim_get_device   (HearthTestSim *sim,
                                                         guint          index);
/* The first device of @family, or NULL */
const HearthTestSimDevice *hearth_test_sim_find         (HearthTestSim *sim,
                                                         const char    *family);
/* GET /sim/state of @device (iterates the main loop until it answers) */
JsonNode                  *hearth_test_sim_get_state    (const HearthTestSimDevice *device);
/* POST /sim/state: a change made at the device, not by Hearth */
void                       hearth_test_sim_set_state    (const HearthTestSimDevice *device,
                                                         const char                *json);
/* GET /sim/stats: requests received, and the most ever in flight at once */
void                       hearth_test_sim_get_stats    (const HearthTestSimDevice *device,
                                                         guint                     *requests,
                                                         guint                     *max_in_flight);
void                       hearth_test_sim_reset_stats  (const HearthTestSimDevice *device);
/* Added: how many requests that reached @device carried a credential of
 * any family (an Authorization or hue-application-key header, a password
 * in the query, a token or key in the path), since the last reset */
guint                      hearth_test_sim_get_secrets  (const HearthTestSimDevice *device);
/* POST /sim/misbehave {"mode": @mode} ("none", "hang", "error", "garbage", "huge", "slow") */
void                       hearth_test_sim_misbehave    (const HearthTestSimDevice *device,
                                                         const char                *mode);
/* Added: all of /sim/stats (NULL for what you do not need) */
void                       hearth_test_sim_get_stats_full (const HearthTestSimDevice *device,
                                                           guint                     *requests,
                                                           guint                     *max_in_flight,
                                                           guint                     *in_flight,
                                                           guint                     *websockets);
/* Added: any request to @device (@body: JSON or NULL); returns the body and
 * sets *@status. Fails the test when there is no answer within 10 s, so
 * not for a device told to hang. */
char                      *hearth_test_sim_request      (const HearthTestSimDevice *device,
                                                         const char                *method,
                                                         const char                *path,
                                                         const char                *body,
                                                         guint                     *status);
/* Added: the hearth-sim child process (owned by @sim) */
GSubprocess               *hearth_test_sim_get_process  (HearthTestSim *sim);

/* Iterates the default main context until @condition returns TRUE or
 * @timeout_ms passed; returns whether the condition became true. */
gboolean  hearth_test_await      (gboolean  (*condition) (gpointer data),
                                  gpointer    data,
                                  guint       timeout_ms);
/* Waits for an async call: iterates until *@result is set, returns it */
GAsyncResult *hearth_test_await_result (GAsyncResult **result,
                                        guint          timeout_ms);
/* A GAsyncReadyCallback storing a ref of the result into *(GAsyncResult **) user_data */
void      hearth_test_store_result (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data);

/* A JSON text of the test itself (a capture, or a value of the wrong
 * shape for a parser); fails the test when it does not parse, or when
 * an object or array is not one hearth_json_parse() reads (the drivers'
 * way to read a device's answer). */
JsonNode *hearth_test_parse_json (const char *json);

/* Added: a launcher for a child process of the test. The child gets
 * SIGTERM when the test process dies (PR_SET_PDEATHSIG, Linux), so an
 * aborted or killed test leaves nothing running. */
GSubprocessLauncher *hearth_test_launcher_new (GSubprocessFlags flags);
/* Added: aborts the test process, naming the running case, when it is
 * still running @seconds from now (SIGALRM), so a case that hangs fails
 * instead of running forever; 0 disarms. Children made with
 * hearth_test_launcher_new() go with it. */
void      hearth_test_set_deadline (guint seconds);

/* Sources attached to the global default main context (GLib looks at each
 * on every iteration of its loop): all of them, or those named @name */
guint     hearth_test_count_sources (const char *name);

/* Added: from now on every log line of the process (debug ones too,
 * shown only with G_MESSAGES_DEBUG; libsoup's included) is checked: one
 * holding any of @texts (NULL-terminated, none empty: a password in each
 * form it could take) aborts the test. The harness's own "Started …"
 * lines (the simulator's command line) aside. Call it once, first thing
 * in main(), before anything logs. */
void      hearth_test_forbid_in_logs (const char * const *texts);

/* Added: a fixture's folder of its own under the temporary one, made by
 * hearth_test_folder_set_up() (@prefix like "hearth-store": the folder
 * is "@prefix-XXXXXX"; fails the test when it cannot be made) with @path
 * the name of @file in it (not made: a store makes it, and @file may
 * name a subfolder the store makes too); hearth_test_folder_tear_down()
 * removes the folder with all in it and frees the names. */
typedef struct
{
  char *folder;
  char *path;
} HearthTestFolder;

void      hearth_test_folder_set_up    (HearthTestFolder *folder,
                                        const char       *prefix,
                                        const char       *file);
void      hearth_test_folder_tear_down (HearthTestFolder *folder);

/* Added: whether the test runs outside tests/hearth-keyring (a private
 * keyring, $HEARTH_KEYRING_DIR); then it is skipped, saying so: never
 * the person's own keyring */
gboolean  hearth_test_skip_without_keyring (void);

/* ------------------------------------------------------------------ */
/* Added: a family's driver against hearth-sim (the *-live tests)      */

/* What a live test works with. A plain struct: a copy with another
 * @driver identifies with that driver through the same HearthHttp. */
typedef struct
{
  HearthTestSim *sim;
  HearthHttp    *http;
  HearthDriver  *driver;
} HearthTestLive;

/* Takes @sim (from hearth_test_sim_start()) and makes a HearthHttp and a
 * driver of @driver_type */
void          hearth_test_live_set_up    (HearthTestLive *live,
                                          HearthTestSim  *sim,
                                          GType           driver_type);
/* Drops the driver and the HearthHttp, then stops the simulator */
void          hearth_test_live_tear_down (HearthTestLive *live);
/* hearth_test_live_set_up() with a simulator started with @first_arg…
 * (NULL-terminated), and "--password @password" when @password is not
 * NULL (a test's data, say, when it runs with and without one) */
void          hearth_test_live_start     (HearthTestLive *live,
                                          GType           driver_type,
                                          const char     *password,
                                          const char     *first_arg,
                                          ...) G_GNUC_NULL_TERMINATED;
/* A GTest tear-down: hearth_test_live_tear_down() of a fixture whose
 * first member is its HearthTestLive (see hearth_test_add_live()) */
void          hearth_test_live_fixture_tear_down (gpointer      fixture,
                                                  gconstpointer data);
/* g_test_add() of a live test: @Fixture's first member is its
 * HearthTestLive "live", torn down by hearth_test_live_tear_down() */
#define hearth_test_add_live(path, Fixture, data, set_up, test) \
  G_STMT_START { \
    void (*hearth_set_up) (Fixture *, gconstpointer) = (set_up); \
    void (*hearth_test) (Fixture *, gconstpointer) = (test); \
    G_STATIC_ASSERT (G_STRUCT_OFFSET (Fixture, live) == 0); \
    g_test_add_vtable ((path), sizeof (Fixture), (data), \
                       (GTestFixtureFunc) hearth_set_up, (GTestFixtureFunc) hearth_test, \
                       hearth_test_live_fixture_tear_down); \
  } G_STMT_END

/* The first device of @family whose id starts with @id_prefix (NULL: any
 * id); fails the test when the simulator started none */
const HearthTestSimDevice *hearth_test_sim_require (HearthTestSim *sim,
                                                    const char    *family,
                                                    const char    *id_prefix);
/* GET /sim/state of @device, which must be a JSON object */
JsonObject   *hearth_test_sim_get_state_object (const HearthTestSimDevice *device);

/* live->driver identifies what answers at @device's address: as mDNS
 * found it with @service, or added by address (@service NULL) */
HearthDevice *hearth_test_live_identify  (HearthTestLive            *live,
                                          const HearthTestSimDevice *device,
                                          HearthService             *service,
                                          GError                   **error);
/* Added: live->driver (which must be able to) identifies what answers at
 * @device's address with a person's login (@username NULL: the family's
 * default one) */
HearthDevice *hearth_test_live_identify_with_login (HearthTestLive            *live,
                                                    const HearthTestSimDevice *device,
                                                    const char                *username,
                                                    const char                *password,
                                                    GError                   **error);
/* Added: @device added to @home by its address, as the app and hearthctl
 * add it: with hearth_home_add_address_with_login_async() when @password
 * is not NULL, hearth_home_add_address_async() otherwise; waits for it */
HearthDevice *hearth_test_home_add_address (HearthHome                *home,
                                            const HearthTestSimDevice *device,
                                            const char                *username,
                                            const char                *password,
                                            GError                   **error);
/* live->driver does not claim what answers at @device's address (another
 * family's device): no device, HEARTH_ERROR_UNSUPPORTED */
void          hearth_test_live_assert_not_ours (HearthTestLive            *live,
                                                const HearthTestSimDevice *device);
/* One pairing attempt with @device at @sim_device's address: the secret,
 * or NULL and @error (HEARTH_ERROR_NEEDS_PAIRING: button not pressed) */
char         *hearth_test_live_pair      (HearthTestLive            *live,
                                          const HearthTestSimDevice *sim_device,
                                          HearthDevice              *device,
                                          GError                   **error);

/* How a live test starts a device's link, and what "online" means */
typedef struct
{
  GType        link_type;        /* checked; 0: any HearthLink */
  guint        default_poll_ms;  /* the family's own interval, checked; 0: not checked */
  guint        poll_ms;          /* then polls every @poll_ms; 0: keeps the family's */
  /* Set when @password is not NULL, or always with @set_credentials (a
   * NULL password then means "none stored": the keyring is not asked) */
  const char  *username;
  const char  *password;
  gboolean     set_credentials;
  /* Online: how the state reaches Hearth, a control it must have (NULL:
   * none needed), and how long that may take (0: 5 s) */
  HearthLive   live;
  const char  *control_id;
  guint        timeout_ms;
} HearthTestLinkSetup;

/* Creates @device's link with live->driver, checks and sets it up as
 * @setup says, and starts it (it does not wait) */
HearthLink   *hearth_test_live_start_link (HearthTestLive            *live,
                                           HearthDevice              *device,
                                           const HearthTestLinkSetup *setup);
/* Identifies @sim_device by address, starts its link and waits until it
 * is online as @setup says; fails the test otherwise. Returns the link
 * and the device in *@device_out (both the caller's). */
HearthLink   *hearth_test_live_connect   (HearthTestLive            *live,
                                          const HearthTestSimDevice *sim_device,
                                          const HearthTestLinkSetup *setup,
                                          HearthDevice             **device_out);
/* hearth_test_live_connect() with @setup's password replaced by
 * @password (NULL: none) */
HearthLink   *hearth_test_live_connect_with_password (HearthTestLive            *live,
                                                      const HearthTestSimDevice *sim_device,
                                                      const HearthTestLinkSetup *setup,
                                                      const char                *password,
                                                      HearthDevice             **device_out);
/* Stops @link and drops the caller's reference: it must be finalized
 * within @timeout_ms (0: 2 s), once the requests it had under way came back
 * cancelled; fails the test otherwise */
void          hearth_test_stop_link      (HearthLink *link,
                                          guint       timeout_ms);

/* Iterate until @device is in @state; whether it got there in time */
gboolean      hearth_test_await_state    (HearthDevice      *device,
                                          HearthDeviceState  state,
                                          guint              timeout_ms);
/* Iterate until @device's state reaches Hearth by @live, online or not */
gboolean      hearth_test_await_live     (HearthDevice *device,
                                          HearthLive    live,
                                          guint         timeout_ms);
/* Iterate until @device is online by @live, with a control @control_id
 * (NULL: none needed); whether it got there in time */
gboolean      hearth_test_await_online   (HearthDevice *device,
                                          HearthLive    live,
                                          const char   *control_id,
                                          guint         timeout_ms);

/* Applies @actions to control @control_id of @link: words as
 * hearth_change_parse_action() takes them, separated by spaces ("on
 * brightness=40"); waits for the answer */
gboolean      hearth_test_apply          (HearthLink  *link,
                                          const char  *control_id,
                                          const char  *actions,
                                          GError     **error);
/* The same, and it must succeed */
void          hearth_test_apply_ok       (HearthLink  *link,
                                          const char  *control_id,
                                          const char  *actions);
/* Added: @device's first control (the device holds it); fails the test
 * when it has none */
HearthControl *hearth_test_first_control (HearthDevice *device);
/* Added: @control's colour temperature is @kelvin, in @min..@max */
void          hearth_test_assert_temperature (HearthControl *control,
                                              int            kelvin,
                                              int            min,
                                              int            max);
/* Added: @n changes of @control_id's brightness, up to 100 in steps of
 * 100 / @n, sent at once without waiting for an answer (a slider dragged
 * fast); waits up to @timeout_ms for all the answers, none may fail */
void          hearth_test_apply_burst    (HearthLink  *link,
                                          const char  *control_id,
                                          guint        n,
                                          guint        timeout_ms);
/* hearth_link_refresh_async() and waits for it */
gboolean      hearth_test_refresh        (HearthLink  *link,
                                          GError     **error);

/* Added: identity before secrets. The real device (hearth-sim --device
 * @device, with @password) is identified by address and known with its
 * secret (@password, or with @paired a token from pairing); then another
 * device of the same family (another hardware id; with
 * @impostor_password the same password) answers at its address instead.
 * Its link, started as the app and hearthctl start it, must show
 * HEARTH_DEVICE_STATE_WRONG_DEVICE, refuse reads with
 * HEARTH_ERROR_WRONG_DEVICE, and no request carrying the secret may reach
 * the impostor (its /sim/stats "secrets"), but for the one login of a
 * family that tells nothing without it to an impostor that asks for one. */
typedef struct
{
  const char *device;
  const char *password;
  gboolean    impostor_password;
  gboolean    paired;
} HearthTestImpostor;

void      hearth_test_live_impostor (HearthTestLive           *live,
                                     const HearthTestImpostor *impostor);

/* $HEARTH_FIXTURES/@relative_path parsed as JSON; aborts when it does not parse */
JsonNode *hearth_test_load_fixture (const char *relative_path);
/* Every file in $HEARTH_FIXTURES/@family_folder, sorted */
GStrv     hearth_test_list_fixtures (const char *family_folder);

G_END_DECLS
