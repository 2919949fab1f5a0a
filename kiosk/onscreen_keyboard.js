// The kiosk's on-screen keyboard (kiosk/keyboard.py): simple-keyboard with digits, letters, 中/EN, and in
// 中 the characters and words for the pinyin just typed, shown above the keys to be tapped.
import { PINYIN, SURNAMES, SimpleKeyboard } from "lobbydesk-keyboard";

const DIGITS = "1 2 3 4 5 6 7 8 9 0";
const LAYOUTS = {
  en: [DIGITS, "q w e r t y u i o p", "a s d f g h j k l {bksp}", "{shift} z x c v b n m , . ?", "{mode} {space} {done}"],
  shift: [DIGITS, "Q W E R T Y U I O P", "A S D F G H J K L {bksp}", "{shift} Z X C V B N M , . ?",
    "{mode} {space} {done}"],
  zh: [DIGITS, "q w e r t y u i o p", "a s d f g h j k l {bksp}", "z x c v b n m ， 。 ？", "{mode} {space} {done}"],
};
const LONGEST_KEY = Math.max(...Object.keys(PINYIN).map((key) => key.length));

function surnamesFirst(candidates) {
  const all = candidates.split(" ");
  const surnames = all.filter((candidate) => SURNAMES.includes(candidate));
  return [...surnames, ...all.filter((candidate) => !SURNAMES.includes(candidate))].join(" ");
}

export default {
  template: `
    <div class="kiosk-keyboard" :class="{ 'kiosk-keyboard-en': mode === 'en' }">
      <div v-if="mode === 'zh'" class="kiosk-keyboard-hint" data-testid="keyboard-hint">{{ words.hint }}</div>
      <div class="kiosk-keyboard-keys"></div>
    </div>`,
  props: {
    value: { type: String, default: "" },
    lang: { type: String, default: "en" },
    words: { type: Object, default: () => ({}) },
    maxLength: { type: Number, default: 0 },
    names: { type: Boolean, default: false },
  },
  data() {
    return { mode: this.lang === "zh" ? "zh" : "en" };
  },
  mounted() {
    const keys = this.$el.querySelector(".kiosk-keyboard-keys");
    // simple-keyboard names an instance after its element's first class: one per element, or two
    // screens' keyboards (the old one not yet unmounted) would share one.
    keys.className = `kiosk-keyboard-${this.$.uid} simple-keyboard`;
    this.keyboard = new SimpleKeyboard(keys, {
      layout: LAYOUTS,
      layoutName: this.mode,
      display: this.display(),
      buttonTheme: [
        { class: "kiosk-key-function", buttons: "{bksp} {shift} {mode}" },
        { class: "kiosk-key-space", buttons: "{space}" },
        { class: "kiosk-key-done", buttons: "{done}" },
      ],
      mergeDisplay: true,
      maxLength: this.maxLength || undefined,
      // An old hand rests on a key: it must type once, not repeat.
      disableButtonHold: true,
      // The text always grows at its end: a caret the owner cannot see would put letters elsewhere.
      disableCaretPositioning: true,
      disableCandidateNormalization: true,
      layoutCandidates: this.mode === "zh" ? PINYIN : null,
      layoutCandidatesPageSize: 6,
      onChange: (text) => this.$emit("change", { text }),
      onKeyPress: (button) => this.pressed(button),
    });
    // simple-keyboard tries every key of the table as a pattern on each tap (8,000 of them); the
    // pinyin at the end of the text is one of its last few letters, so look those up instead.
    this.keyboard.getInputCandidates = (text) => this.candidatesFor(text);
    this.keyboard.setInput(this.value);
  },
  unmounted() {
    this.keyboard?.destroy();
  },
  methods: {
    setText(text) {
      if (!this.keyboard || this.keyboard.getInput() === text) return;
      this.keyboard.setInput(text);
      this.keyboard.candidateBox?.destroy();
    },
    pressed(button) {
      if (button === "{done}") {
        this.keyboard.candidateBox?.destroy();
        this.$emit("done", {});
      } else if (button === "{mode}") {
        this.mode = this.mode === "zh" ? "en" : "zh";
        this.keyboard.candidateBox?.destroy();
        this.keyboard.setOptions({
          layoutName: this.mode,
          layoutCandidates: this.mode === "zh" ? PINYIN : null,
          display: this.display(),
        });
      } else if (button === "{shift}") {
        const layoutName = this.keyboard.options.layoutName === "shift" ? "en" : "shift";
        this.keyboard.setOptions({ layoutName });
      } else if (this.keyboard.options.layoutName === "shift" && !button.startsWith("{")) {
        // One capital, as on a phone: "Li Wei" needs no second tap to get back to small letters.
        setTimeout(() => this.keyboard.setOptions({ layoutName: "en" }));
      }
    },
    candidatesFor(text) {
      if (this.mode !== "zh") return {};
      const letters = text.toLowerCase();
      for (let length = Math.min(LONGEST_KEY, letters.length); length > 0; length--) {
        const key = letters.slice(-length);
        if (Object.hasOwn(PINYIN, key)) {
          // In a name field, "li" offers 李 before 里: the surname is what comes first there.
          return { candidateKey: key, candidateValue: this.names ? surnamesFirst(PINYIN[key]) : PINYIN[key] };
        }
      }
      return {};
    },
    display() {
      const on = (words) => `<span class="kiosk-mode-on">${words}</span>`;
      const off = (words) => `<span class="kiosk-mode-off">${words}</span>`;
      return {
        "{bksp}": `⌫ ${this.words.delete ?? ""}`,
        "{space}": this.words.space ?? "",
        "{done}": this.words.done ?? "",
        "{shift}": "⇧",
        "{mode}": this.mode === "zh" ? `${on("中")}${off("EN")}` : `${off("中")}${on("EN")}`,
      };
    },
  },
};
