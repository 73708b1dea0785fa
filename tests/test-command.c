/* test-command.c: commands in plain words, English and German, understood
 * against a fixed home (hearth-command.c with the grammars of src/core/language)
 *
 * Each phrase is one a person would type; what it must give is written
 * as: the action ("?" when not understood), the names of the targets (or
 * of the candidates of a question back) sorted and joined by "|", and the
 * values: "brightness=30" and the like must be exactly those of the
 * command; "answer~…", "message~…" and "summary~…" must be part of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth.h"
#include "hearth-words.h"

typedef struct
{
  const char *text;
  const char *action;
  const char *targets;
  const char *values;
} Phrase;

static const Phrase english[] = {
  { "turn off the kitchen lights", "off", "Kitchen cabinets|Kitchen ceiling", "summary~Turn off 2 lights in Kitchen" },
  { "kitchen lights off", "off", "Kitchen cabinets|Kitchen ceiling", "" },
  { "Turn the lights in the kitchen off", "off", "Kitchen cabinets|Kitchen ceiling", "" },
  { "switch off all the lights in the kitchen", "off", "Kitchen cabinets|Kitchen ceiling", "" },
  { "Turn OFF the LIGHTS in the KITCHEN!", "off", "Kitchen cabinets|Kitchen ceiling", "" },
  { "turn on the desk lamp", "on", "Desk lamp", "summary~Turn on Desk lamp" },
  { "desk lamp on", "on", "Desk lamp", "" },
  { "Desk Lamp ON please", "on", "Desk lamp", "" },
  { "turn on the dsek lamp", "on", "Desk lamp", "" },
  { "turn on the desk lamps", "on", "Desk lamp", "" },
  { "desk lamp 30%", "set", "Desk lamp", "brightness=30;summary~Set Desk lamp to 30 %" },
  { "set the desk lamp to 30 percent", "set", "Desk lamp", "brightness=30" },
  { "dim the desk lamp", "set", "Desk lamp", "brightness=25" },
  { "dim the desk lamp to 10 %", "set", "Desk lamp", "brightness=10" },
  { "desk lamp to max", "set", "Desk lamp", "brightness=100" },
  { "desk lamp at half brightness", "set", "Desk lamp", "brightness=50" },
  { "desk lamp fifty percent", "set", "Desk lamp", "brightness=50" },
  { "make the desk lamp warm", "set", "Desk lamp", "temperature=2700" },
  { "set the desk lamp to 4000 K", "set", "Desk lamp", "temperature=4000" },
  { "desk lamp 4000k", "set", "Desk lamp", "temperature=4000" },
  { "desk lamp cool white", "set", "Desk lamp", "temperature=5000" },
  { "desk lamp 9000 K", "?", "", "message~6500" },
  { "turn the floor lamp red", "set", "Floor lamp", "color=#ff0000" },
  { "floor lamp #ff8800", "set", "Floor lamp", "color=#ff8800" },
  { "set the floor lamp to blue at 40%", "set", "Floor lamp", "color=#0000ff;brightness=40" },
  { "turn on the floor lamp at 70 %", "on", "Floor lamp", "brightness=70" },
  { "toggle the porch", "toggle", "Porch", "" },
  { "flip the porch", "toggle", "Porch", "" },
  { "could you please turn off the porch", "off", "Porch", "" },
  { "open the blinds", "open", "Blinds", "" },
  { "open the living room blinds", "open", "Blinds", "" },
  { "open all blinds", "open", "Blinds|Shutter", "summary~Open 2 covers" },
  { "close the shutter", "close", "Shutter", "" },
  { "close the bedroom shutter", "close", "Shutter", "" },
  { "blinds to 30%", "position", "Blinds", "position=30;summary~Move Blinds to 30 %" },
  { "open the blinds halfway", "position", "Blinds", "position=50" },
  { "set the blinds to twenty five percent", "position", "Blinds", "position=25" },
  { "shutter 30 %", "position", "Shutter", "position=30" },
  { "stop the blinds", "stop", "Blinds", "" },
  { "everything in the living room off", "off", "Floor lamp|Speaker plug|TV backlight", "summary~Turn off 3 devices in Living room" },
  { "turn off the living room", "off", "Floor lamp|Speaker plug|TV backlight", "" },
  { "turn off the bedroom", "off", "Bedside lamp|Ceiling", "" },
  { "lights in the bedroom off", "off", "Bedside lamp|Ceiling", "" },
  { "turn off everything", "off", "Bedside lamp|Ceiling|Ceiling|Countertop|Desk fan|Desk lamp|Floor lamp|Garden lights|Kitchen cabinets|Kitchen ceiling|Light|Porch|Speaker plug|TV backlight", "" },
  { "turn off all lights", "off", "Bedside lamp|Ceiling|Ceiling|Desk lamp|Floor lamp|Garden lights|Kitchen cabinets|Kitchen ceiling|Light|TV backlight", "summary~Turn off 10 lights" },
  { "all lights on", "on", "Bedside lamp|Ceiling|Ceiling|Desk lamp|Floor lamp|Garden lights|Kitchen cabinets|Kitchen ceiling|Light|TV backlight", "" },
  { "favourites on", "on", "Floor lamp|Porch", "" },
  { "turn off my favorites", "off", "Floor lamp|Porch", "" },
  { "movie time", "scene", "", "scene=Movie time;summary~Recall the scene “Movie time”" },
  { "start movie time", "scene", "", "scene=Movie time" },
  { "activate the movie scene", "scene", "", "scene=Movie time" },
  { "good night", "scene", "", "scene=Good night" },
  { "what is the temperature in the bedroom", "state", "Climate", "answer~Climate is at 21.5 °C" },
  { "how warm is it in the bedroom", "state", "Climate", "answer~21.5 °C" },
  { "what's the humidity in the bedroom", "state", "Humidity", "answer~48 %" },
  { "is the porch on", "state", "Porch", "answer~Porch is on" },
  { "is the garden lights on", "state", "Garden lights", "answer~Garden lights is off" },
  { "are the blinds open", "state", "Blinds", "answer~Blinds is open (100 %)" },
  { "is the shutter open", "state", "Shutter", "answer~Shutter is closed" },
  { "is the desk fan on", "state", "Desk fan", "answer~Desk fan is on" },
  { "how much power is the desk fan using", "state", "Fan power", "answer~42 W" },
  { "what is the brightness of the desk lamp", "state", "Desk lamp", "answer~Desk lamp is at 60 %" },
  { "kitchen countertop on", "on", "Countertop", "" },
  { "countertop in the kitchen on", "on", "Countertop", "" },
  { "turn on the countertop", "on", "Countertop", "" },
  { "turn on the kitchen light", "?", "Kitchen cabinets|Kitchen ceiling", "message~Which one: Kitchen ceiling or Kitchen cabinets?" },
  { "turn on the ceiling", "?", "Ceiling (Bedroom)|Ceiling (Hall)", "message~Which one: Ceiling (Bedroom) or Ceiling (Hall)?" },
  { "turn on the bedroom ceiling", "on", "Ceiling", "" },
  { "turn on the ceiling in the hall", "on", "Ceiling", "" },
  { "turn on the desk", "?", "Desk fan|Desk lamp", "message~Which one" },
  { "turn on the desk light", "on", "Desk lamp", "" },
  { "turn the speaker plug off", "off", "Speaker plug", "" },
  { "power off the speaker plug", "off", "Speaker plug", "" },
  { "turn on the garden lights", "on", "Garden lights", "" },
  { "switch on the tv backlight", "on", "TV backlight", "" },
  { "tv backlight purple", "set", "TV backlight", "color=#8000ff" },
  { "bedside lamp 100%", "set", "Bedside lamp", "brightness=100" },
  { "bedside lamp 150%", "?", "", "message~too high" },
  { "set the kitchen lights to 50%", "set", "Kitchen cabinets|Kitchen ceiling", "brightness=50" },
  { "kitchen lights blue", "set", "Kitchen cabinets", "color=#0000ff" },
  { "kitchen ceiling 4000 K", "set", "Kitchen ceiling", "temperature=4000" },
  { "turn on the kitchen cabinet", "on", "Kitchen cabinets", "" },
  { "toggle the light", "toggle", "Light", "" },
  { "close the desk lamp", "?", "", "message~not a cover" },
  { "desk lamp red", "?", "", "message~colour" },
  { "turn on the Fridge", "?", "", "message~Nothing is called “Fridge”." },
  { "hello", "?", "", "message~“hello”" },
  { "", "?", "", "message~did not understand" },
  { "turn on", "?", "", "message~Which device?" },
  { "the desk lamp", "?", "", "message~did not understand" },
};

static const Phrase german[] = {
  { "Schalte das Licht in der Küche aus", "off", "Deckenlampe|Schranklicht", "summary~Schalte 2 Lichter in Küche aus" },
  { "Küche Licht aus", "off", "Deckenlampe|Schranklicht", "" },
  { "Licht in der Küche ausschalten", "off", "Deckenlampe|Schranklicht", "" },
  { "Bitte mach das Licht in der Küche an", "on", "Deckenlampe|Schranklicht", "" },
  { "Kueche Licht an", "on", "Deckenlampe|Schranklicht", "" },
  { "Mach die Stehlampe an", "on", "Stehlampe", "summary~Schalte Stehlampe ein" },
  { "Stehlampe an", "on", "Stehlampe", "" },
  { "stehlampe einschalten", "on", "Stehlampe", "" },
  { "Schalte die Stehlampe ein", "on", "Stehlampe", "" },
  { "Stelampe an", "on", "Stehlampe", "" },
  { "Stehlampe an mit 70 Prozent", "on", "Stehlampe", "brightness=70" },
  { "Schreibtischlampe auf 30 %", "set", "Schreibtischlampe", "brightness=30;summary~Stelle Schreibtischlampe auf 30 %" },
  { "Schreibtischlampe auf 30 Prozent", "set", "Schreibtischlampe", "brightness=30" },
  { "Stelle die Schreibtischlampe auf 40 Prozent", "set", "Schreibtischlampe", "brightness=40" },
  { "Schreibtischlampe fünfzig Prozent", "set", "Schreibtischlampe", "brightness=50" },
  { "Helligkeit der Schreibtischlampe auf 20 %", "set", "Schreibtischlampe", "brightness=20" },
  { "Dimme die Schreibtischlampe", "set", "Schreibtischlampe", "brightness=25" },
  { "Dimme die Schreibtischlampe auf 10 %", "set", "Schreibtischlampe", "brightness=10" },
  { "Schreibtischlampe maximal", "set", "Schreibtischlampe", "brightness=100" },
  { "Schreibtischlampe halb", "set", "Schreibtischlampe", "brightness=50" },
  { "Schreibtischlampe warmweiß", "set", "Schreibtischlampe", "temperature=2700" },
  { "Schreibtischlampe auf warm", "set", "Schreibtischlampe", "temperature=2700" },
  { "Schreibtischlampe auf 4000 K", "set", "Schreibtischlampe", "temperature=4000" },
  { "Schreibtischlampe kaltweiß", "set", "Schreibtischlampe", "temperature=5000" },
  { "Stehlampe rot", "set", "Stehlampe", "color=#ff0000" },
  { "Mach die Stehlampe blau", "set", "Stehlampe", "color=#0000ff" },
  { "Stehlampe auf grün mit 50 Prozent", "set", "Stehlampe", "color=#00ff00;brightness=50" },
  { "Fernsehlicht lila", "set", "Fernsehlicht", "color=#8000ff" },
  { "Veranda umschalten", "toggle", "Veranda", "" },
  { "Schalte die Veranda um", "toggle", "Veranda", "" },
  { "Rollo Süd auf", "open", "Rollo Süd", "summary~Öffne Rollo Süd" },
  { "Rollo Süd zu", "close", "Rollo Süd", "" },
  { "Rollo Süd auf 30 %", "position", "Rollo Süd", "position=30" },
  { "Rollo Süd stopp", "stop", "Rollo Süd", "" },
  { "Fahre das Rollo Süd hoch", "open", "Rollo Süd", "" },
  { "Fensterladen runter", "close", "Fensterladen", "" },
  { "Rollladen im Schlafzimmer schließen", "close", "Fensterladen", "" },
  { "Alle Rollläden hoch", "open", "Fensterladen|Rollo Süd", "" },
  { "Alles im Wohnzimmer aus", "off", "Fernsehlicht|Lautsprecher|Stehlampe", "summary~Schalte 3 Geräte in Wohnzimmer aus" },
  { "Wohnzimmer aus", "off", "Fernsehlicht|Lautsprecher|Stehlampe", "" },
  { "Licht im Schlafzimmer aus", "off", "Decke|Nachttischlampe", "" },
  { "Schalte alles aus", "off", "Arbeitsplatte|Decke|Decke|Deckenlampe|Fernsehlicht|Gartenlichter|Lautsprecher|Nachttischlampe|Schranklicht|Schreibtischlampe|Stehlampe|Ventilator|Veranda", "" },
  { "Alle Lichter aus", "off", "Decke|Decke|Deckenlampe|Fernsehlicht|Gartenlichter|Nachttischlampe|Schranklicht|Schreibtischlampe|Stehlampe", "summary~Schalte 9 Lichter aus" },
  { "Alle Lampen an", "on", "Decke|Decke|Deckenlampe|Fernsehlicht|Gartenlichter|Nachttischlampe|Schranklicht|Schreibtischlampe|Stehlampe", "" },
  { "Favoriten an", "on", "Stehlampe|Veranda", "" },
  { "Schalte meine Favoriten aus", "off", "Stehlampe|Veranda", "" },
  { "Filmabend", "scene", "", "scene=Filmabend;summary~Rufe die Szene „Filmabend“ ab" },
  { "Starte den Filmabend", "scene", "", "scene=Filmabend" },
  { "Szene Filmabend", "scene", "", "scene=Filmabend" },
  { "Gute Nacht", "scene", "", "scene=Gute Nacht" },
  { "Wie warm ist es im Schlafzimmer", "state", "Klima", "answer~Klima steht bei 21.5 °C" },
  { "Wie ist die Temperatur im Schlafzimmer", "state", "Klima", "answer~21.5 °C" },
  { "Was ist die Luftfeuchtigkeit im Schlafzimmer", "state", "Feuchte", "answer~48 %" },
  { "Ist die Veranda an", "state", "Veranda", "answer~Veranda ist an" },
  { "Ist der Ventilator an", "state", "Ventilator", "answer~Ventilator ist an" },
  { "Sind die Gartenlichter an", "state", "Gartenlichter", "answer~Gartenlichter ist aus" },
  { "Wie viel Strom verbraucht der Ventilator", "state", "Leistung", "answer~42 W" },
  { "Wie hell ist die Schreibtischlampe", "state", "Schreibtischlampe", "answer~Schreibtischlampe steht bei 60 %" },
  { "Küche Arbeitsplatte an", "on", "Arbeitsplatte", "" },
  { "Arbeitsplatte in der Küche an", "on", "Arbeitsplatte", "" },
  { "Schalte die Lampe in der Küche ein", "?", "Deckenlampe|Schranklicht", "message~Welches: Deckenlampe oder Schranklicht?" },
  { "Decke an", "?", "Decke (Flur)|Decke (Schlafzimmer)", "message~Welches: Decke (Schlafzimmer) oder Decke (Flur)?" },
  { "Decke im Flur an", "on", "Decke", "" },
  { "Schlafzimmer Decke an", "on", "Decke", "" },
  { "Lautsprecher aus", "off", "Lautsprecher", "" },
  { "Gartenlichter an", "on", "Gartenlichter", "" },
  { "Nachttischlampe 100 %", "set", "Nachttischlampe", "brightness=100" },
  { "Nachttischlampe 150 %", "?", "", "message~zu hoch" },
  { "Kühlschrank an", "?", "", "message~Nichts heißt „Kühlschrank“." },
  { "an", "?", "", "message~Welches Gerät?" },
  { "Schreibtischlampe rot", "?", "", "message~Schreibtischlampe" },
  { "die Stehlampe", "?", "", "message~nicht verstanden" },
};

/* What a tile is in the fixed homes */
typedef struct
{
  const char         *device;
  const char         *english;
  const char         *german;
  const char         *room_en;
  const char         *room_de;
  HearthControlKind   kind;
  HearthCapabilities  caps;
  gboolean            favourite;
  gboolean            on;
  double              value;        /* a sensor's reading; a cover's position */
  const char         *quantity;
  const char         *unit;
} Tile;

#define LIGHT HEARTH_CONTROL_KIND_LIGHT
#define SWITCH HEARTH_CONTROL_KIND_SWITCH
#define COVER HEARTH_CONTROL_KIND_COVER
#define SENSOR HEARTH_CONTROL_KIND_SENSOR
#define ONOFF HEARTH_CAPABILITY_ON_OFF
#define BRI HEARTH_CAPABILITY_BRIGHTNESS
#define TEMP HEARTH_CAPABILITY_TEMPERATURE
#define COL HEARTH_CAPABILITY_COLOR
#define POS HEARTH_CAPABILITY_POSITION
#define VAL HEARTH_CAPABILITY_VALUE

static const Tile tiles[] = {
  { "d1", "Kitchen ceiling", "Deckenlampe", "Kitchen", "Küche", LIGHT, ONOFF | BRI | TEMP, FALSE, TRUE, 0, NULL, NULL },
  { "d2", "Kitchen cabinets", "Schranklicht", "Kitchen", "Küche", LIGHT, ONOFF | BRI | COL, FALSE, FALSE, 0, NULL, NULL },
  { "d3", "Countertop", "Arbeitsplatte", "Kitchen", "Küche", SWITCH, ONOFF, FALSE, FALSE, 0, NULL, NULL },
  { "d4", "Floor lamp", "Stehlampe", "Living room", "Wohnzimmer", LIGHT, ONOFF | BRI | TEMP | COL, TRUE, TRUE, 0, NULL, NULL },
  { "d5", "TV backlight", "Fernsehlicht", "Living room", "Wohnzimmer", LIGHT, ONOFF | BRI | COL, FALSE, FALSE, 0, NULL, NULL },
  { "d6", "Blinds", "Rollo Süd", "Living room", "Wohnzimmer", COVER, POS, FALSE, FALSE, 100, NULL, NULL },
  { "d7", "Speaker plug", "Lautsprecher", "Living room", "Wohnzimmer", SWITCH, ONOFF, FALSE, TRUE, 0, NULL, NULL },
  { "d8", "Bedside lamp", "Nachttischlampe", "Bedroom", "Schlafzimmer", LIGHT, ONOFF | BRI, FALSE, FALSE, 0, NULL, NULL },
  { "d9", "Climate", "Klima", "Bedroom", "Schlafzimmer", SENSOR, VAL, FALSE, FALSE, 21.5, "temperature", "°C" },
  { "d10", "Humidity", "Feuchte", "Bedroom", "Schlafzimmer", SENSOR, VAL, FALSE, FALSE, 48, "humidity", "%" },
  { "d11", "Shutter", "Fensterladen", "Bedroom", "Schlafzimmer", COVER, POS, FALSE, FALSE, 0, NULL, NULL },
  { "d12", "Ceiling", "Decke", "Bedroom", "Schlafzimmer", LIGHT, ONOFF | BRI, FALSE, FALSE, 0, NULL, NULL },
  { "d13", "Ceiling", "Decke", "Hall", "Flur", LIGHT, ONOFF | BRI, FALSE, FALSE, 0, NULL, NULL },
  { "d14", "Desk lamp", "Schreibtischlampe", "Office", "Büro", LIGHT, ONOFF | BRI | TEMP, FALSE, FALSE, 0, NULL, NULL },
  { "d15", "Desk fan", "Ventilator", "Office", "Büro", SWITCH, ONOFF, FALSE, TRUE, 0, NULL, NULL },
  { "d15", "Fan power", "Leistung", "Office", "Büro", SENSOR, VAL, FALSE, FALSE, 42, "power", "W" },
  { "d16", "Porch", "Veranda", NULL, NULL, SWITCH, ONOFF, TRUE, TRUE, 0, NULL, NULL },
  { "d17", "Garden lights", "Gartenlichter", NULL, NULL, LIGHT, ONOFF | BRI, FALSE, FALSE, 0, NULL, NULL },
  { "d18", "Light", NULL, "Garage", NULL, LIGHT, ONOFF | BRI, FALSE, FALSE, 0, NULL, NULL },
};

static const char * const english_scenes[] = { "Movie time", "Good night", "Dinner", NULL };
static const char * const german_scenes[] = { "Filmabend", "Gute Nacht", "Abendessen", NULL };

static GPtrArray *
fixed_home (gboolean in_german)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_command_target_unref);

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      const Tile *tile = &tiles[i];
      const char *name = in_german ? tile->german : tile->english;
      g_autofree char *control_id = g_strdup_printf ("c%u", i);
      g_autoptr(HearthControl) control = NULL;

      if (name == NULL)
        continue;
      control = hearth_control_new (control_id, tile->kind, name);
      hearth_control_set_capabilities (control, tile->caps);
      hearth_control_set_on (control, tile->on);
      if (tile->caps & BRI)
        hearth_control_set_brightness (control, 60);
      if (tile->caps & TEMP)
        hearth_control_set_temperature_range (control, 2700, 6500);
      if (tile->kind == COVER)
        {
          hearth_control_set_position (control, (int) tile->value);
          hearth_control_set_cover_state (control, tile->value > 0 ? HEARTH_COVER_STATE_OPEN
                                                                   : HEARTH_COVER_STATE_CLOSED);
        }
      if (tile->kind == SENSOR)
        {
          hearth_control_set_value (control, tile->value);
          hearth_control_set_quantity (control, tile->quantity);
          hearth_control_set_unit (control, tile->unit);
        }
      g_ptr_array_add (targets, hearth_command_target_new (tile->device, control, name, NULL,
                                                           in_german ? tile->room_de : tile->room_en,
                                                           tile->favourite, TRUE));
    }
  return targets;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
sorted_names (const HearthCommand *command)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (command->understood)
    {
      for (guint i = 0; i < command->targets->len; i++)
        g_ptr_array_add (names, ((HearthCommandTarget *) g_ptr_array_index (command->targets, i))->name);
    }
  else
    {
      for (guint i = 0; command->candidates[i] != NULL; i++)
        g_ptr_array_add (names, command->candidates[i]);
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **) names->pdata);
}

/* The values of @command, as the table writes them */
static GPtrArray *
values_of (const HearthCommand *command)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  if (command->brightness >= 0)
    g_ptr_array_add (values, g_strdup_printf ("brightness=%d", command->brightness));
  if (command->temperature >= 0)
    g_ptr_array_add (values, g_strdup_printf ("temperature=%d", command->temperature));
  if (command->color >= 0)
    g_ptr_array_add (values, g_strdup_printf ("color=#%06x", (guint) command->color));
  if (command->position >= 0)
    g_ptr_array_add (values, g_strdup_printf ("position=%d", command->position));
  if (command->scene != NULL)
    g_ptr_array_add (values, g_strdup_printf ("scene=%s", command->scene));
  return values;
}

static guint
check_phrases (const char         *language,
               const Phrase       *phrases,
               guint               n_phrases,
               const char * const *scenes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthGrammar) grammar = hearth_grammar_load (language, &error);
  g_autoptr(GPtrArray) home = fixed_home (g_str_equal (language, "de"));
  guint failures = 0;

  g_assert_no_error (error);

  for (guint i = 0; i < n_phrases; i++)
    {
      const Phrase *phrase = &phrases[i];
      g_autoptr(HearthCommand) command = hearth_command_parse (grammar, phrase->text, home, scenes);
      const char *action = command->understood ? hearth_command_action_to_string (command->action) : "?";
      g_autofree char *names = sorted_names (command);
      g_autoptr(GPtrArray) values = values_of (command);
      g_auto(GStrv) expected = g_strsplit (phrase->values, ";", -1);
      guint n_exact = 0;
      GString *wrong = g_string_new (NULL);

      if (g_strcmp0 (action, phrase->action) != 0)
        g_string_append_printf (wrong, " action %s, not %s;", action, phrase->action);
      if (!g_str_equal (names, phrase->targets))
        g_string_append_printf (wrong, " names “%s”, not “%s”;", names, phrase->targets);

      for (guint j = 0; expected[j] != NULL; j++)
        {
          const char *item = expected[j];
          const char *tilde = strchr (item, '~');

          if (*item == '\0')
            continue;
          if (tilde != NULL)
            {
              g_autofree char *field = g_strndup (item, tilde - item);
              const char *text = g_str_equal (field, "answer") ? command->answer :
                                 g_str_equal (field, "summary") ? command->summary : command->message;

              if (text == NULL || strstr (text, tilde + 1) == NULL)
                g_string_append_printf (wrong, " %s “%s” lacks “%s”;", field, text ? text : "(none)", tilde + 1);
              continue;
            }
          n_exact++;
          if (!g_ptr_array_find_with_equal_func (values, item, g_str_equal, NULL))
            g_string_append_printf (wrong, " no %s;", item);
        }
      if (values->len != n_exact)
        {
          for (guint j = 0; j < values->len; j++)
            {
              if (!g_strv_contains ((const char * const *) expected, g_ptr_array_index (values, j)))
                g_string_append_printf (wrong, " also %s;", (char *) g_ptr_array_index (values, j));
            }
        }

      if (wrong->len > 0)
        {
          g_test_message ("%s: “%s”:%s (message: %s)", language, phrase->text, wrong->str,
                          command->message ? command->message : "none");
          failures++;
        }
      g_string_free (wrong, TRUE);
    }
  g_test_message ("%s: %u phrasings, %u understood as written", language, n_phrases, n_phrases - failures);
  return failures;
}

static void
test_english (void)
{
  g_assert_cmpuint (check_phrases ("en", english, G_N_ELEMENTS (english), english_scenes), ==, 0);
}

static void
test_german (void)
{
  g_assert_cmpuint (check_phrases ("de", german, G_N_ELEMENTS (german), german_scenes), ==, 0);
}

/* The change a command makes is what it says */
static void
test_change (void)
{
  g_autoptr(HearthGrammar) grammar = hearth_grammar_load ("en", NULL);
  g_autoptr(GPtrArray) home = fixed_home (FALSE);
  g_autoptr(HearthCommand) on = hearth_command_parse (grammar, "floor lamp on at 40 % red", home, NULL);
  g_autoptr(HearthCommand) close = hearth_command_parse (grammar, "close the blinds", home, NULL);
  g_autoptr(HearthChange) change = hearth_command_dup_change (on);
  g_autoptr(HearthChange) cover = hearth_command_dup_change (close);

  g_assert_true (on->understood);
  g_assert_cmpint (change->fields, ==, HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_COLOR);
  g_assert_true (change->on);
  g_assert_cmpint (change->brightness, ==, 40);
  g_assert_cmpint (change->color, ==, 0xff0000);
  g_assert_true (close->understood);
  g_assert_cmpint (cover->fields, ==, HEARTH_CHANGE_COVER);
  g_assert_cmpint (cover->cover, ==, HEARTH_COVER_ACTION_CLOSE);

  /* A value alone lights it too */
  {
    g_autoptr(HearthCommand) set = hearth_command_parse (grammar, "desk lamp 30 %", home, NULL);
    g_autoptr(HearthChange) shine = hearth_command_dup_change (set);

    g_assert_cmpint (set->action, ==, HEARTH_COMMAND_SET);
    g_assert_cmpint (shine->fields, ==, HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS);
    g_assert_true (shine->on);
  }
}

/* Nothing but the home's own names and the grammar's words: a scene not
 * given is not known */
static void
test_no_scenes (void)
{
  g_autoptr(HearthGrammar) grammar = hearth_grammar_load ("en", NULL);
  g_autoptr(GPtrArray) home = fixed_home (FALSE);
  g_autoptr(HearthCommand) command = hearth_command_parse (grammar, "movie time", home, NULL);

  g_assert_false (command->understood);
  g_assert_nonnull (strstr (command->message, "movie time"));
}

/* What reads as a command, and what is a search */
static void
test_reads_as_command (void)
{
  static const struct { const char *text; gboolean command; } cases[] = {
    { "kitchen", FALSE }, { "desk lamp", FALSE }, { "light", FALSE }, { "", FALSE },
    { "kitchen lights off", TRUE }, { "turn on the kitchen light", TRUE }, { "is the porch on", TRUE },
    { "desk lamp 30 %", TRUE }, { "turn on the fridge", TRUE }, { "movie time", TRUE },
  };
  g_autoptr(HearthGrammar) grammar = hearth_grammar_load ("en", NULL);
  g_autoptr(GPtrArray) home = fixed_home (FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HearthCommand) command = hearth_command_parse (grammar, cases[i].text, home, english_scenes);

      if (command->reads_as_command != cases[i].command)
        g_error ("“%s” reads as a command: %d", cases[i].text, command->reads_as_command);
    }
}

/* The grammars shipped load; a wrong line is refused with its number */
static void
test_grammar (void)
{
  static const struct { const char *text; const char *error; } bad[] = {
    { "name: X\naction on on\n", "line 2" },
    { "name: X\nactoin on: on\n", "line 2: no such category" },
    { "name: X\naction dance: dance\n", "line 2: no such key" },
    { "name: X\ncolor red #ff00: red\n", "line 2: a wrong value" },
    { "name: X\nlevel half 150: half\n", "line 2: a wrong value" },
    { "name: X\nfiller: please | | now\n", "line 2: an empty phrase" },
    { "name: X\nsay which: Which {3}?\n", "line 2: a template takes only" },
    { "name: X\nsay which: {0}\nsay which: {0}\n", "line 3: a template given twice" },
    { "name: X\nsay dance: {0}\n", "line 2: no such template" },
    { "filler: please\n", "no “name:” line" },
    { "name: X\n", "the template “say on” is missing" },
  };
  g_auto(GStrv) languages = hearth_grammar_dup_languages ();
  g_autofree char *locale = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthGrammar) none = NULL;

  static const char * const shipped[] = { "de", "en", NULL };

  g_assert_cmpstrv (languages, shipped);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autoptr(HearthGrammar) grammar = hearth_grammar_load (languages[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (hearth_grammar_get_code (grammar), ==, languages[i]);
    }
  none = hearth_grammar_load ("../en", &error);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(HearthGrammar) grammar = hearth_grammar_new ("xx", bad[i].text, -1, &error);

      g_assert_null (grammar);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
      if (strstr (error->message, bad[i].error) == NULL)
        g_error ("“%s” gave “%s”, not “%s”", bad[i].text, error->message, bad[i].error);
      g_clear_error (&error);
    }
  {
    g_autoptr(HearthGrammar) grammar = hearth_grammar_new ("xx", "name: X\n\xff\n", -1, &error);

    g_assert_null (grammar);
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_setenv ("LANGUAGE", "de_AT:fr", TRUE);
  locale = hearth_grammar_language_for_locale ();
  g_assert_cmpstr (locale, ==, "de");
  g_free (locale);
  g_setenv ("LANGUAGE", "fr_FR", TRUE);
  locale = hearth_grammar_language_for_locale ();
  g_assert_cmpstr (locale, ==, "en");
  g_unsetenv ("LANGUAGE");
}

/* Words as people type them */
static void
test_words (void)
{
  g_auto(GStrv) words = hearth_words_split ("Küche: 30%, WEIß 4000K what's #FF8800!");
  const char * const suffixes[] = { "s", NULL };

  static const char * const expected[] = { "kuche", "30", "%", "weiss", "4000", "k", "whats", "#ff8800", NULL };

  g_assert_cmpstrv (words, expected);
  g_assert_true (hearth_words_similar ("ceilings", "ceiling", suffixes));
  g_assert_true (hearth_words_similar ("dsek", "desk", suffixes));
  g_assert_true (hearth_words_similar ("kitchn", "kitchen", suffixes));
  g_assert_true (hearth_words_similar ("bedrom", "bedroom", suffixes));
  g_assert_false (hearth_words_similar ("desk", "dusky", suffixes));
  g_assert_false (hearth_words_similar ("fan", "fun", suffixes));
  g_assert_false (hearth_words_similar ("30", "31", suffixes));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/command/english", test_english);
  g_test_add_func ("/command/german", test_german);
  g_test_add_func ("/command/change", test_change);
  g_test_add_func ("/command/no-scenes", test_no_scenes);
  g_test_add_func ("/command/grammar", test_grammar);
  g_test_add_func ("/command/reads-as-command", test_reads_as_command);
  g_test_add_func ("/command/words", test_words);

  return g_test_run ();
}
