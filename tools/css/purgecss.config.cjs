// KERN UX without the rules no template, script or Python module of the portal uses.
// Run by `make css`; the output, static/css/kern.css, is committed.
const root = `${__dirname}/../..`;
module.exports = {
  content: [
    `${root}/templates/**/*.html`,
    `${root}/portal/**/*.py`,
    `${root}/portal/**/templates/**/*.html`,
    `${root}/static/js/*.js`,
    `${root}/data/**/*.md`,
  ],
  css: [`${root}/static/vendor/kern/kern.min.css`],
  output: `${root}/static/css/kern.css`,
  // Class names put together in templates: kern-alert--{{ message.tags }} and
  // kern-icon--{{ message.tags }} (Django's message levels), kern-form-check__{{ widget }}.
  safelist: {
    standard: [
      /^kern-(alert|icon)--(danger|info|success|warning|debug)$/,
      /^kern-form-check__(radio|checkbox)$/,
    ],
  },
  fontFace: false,
  keyframes: true,
  variables: false, // theme-bw.css and portal.css use KERN's custom properties too
};
