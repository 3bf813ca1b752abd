/**
 * The installer's appId (build/electron-builder.yml). Windows matches the Start-menu shortcut,
 * notifications and their settings to the running app by this id, so the app sets it as its
 * AppUserModelID; test/desktop/bundle-launch.test.ts checks the two agree.
 */
export const APP_ID = 'app.hooktray.desktop';
