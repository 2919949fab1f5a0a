// The on-screen keyboard's browser side, served as the ES module "lobbydesk-keyboard" (kiosk/keyboard.py):
// simple-keyboard, its styles with the kiosk's sizes over them, and the pinyin table.
export { SimpleKeyboard } from "./simple-keyboard.js";
export { default as PINYIN, SURNAMES } from "./pinyin.js";

for (const sheet of ["simple-keyboard.css", "kiosk-keyboard.css"]) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL(sheet, import.meta.url).href;
  document.head.appendChild(link);
}
