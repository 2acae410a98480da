// The survey page's script (/s/assets/survey.js): the collector's page shell holds
// <div id="aftercare-survey"> and its config as a JSON data block; see page.ts.
import { PREFIX } from './config.ts';
import { startSurveyPage } from './page.ts';

const root = document.getElementById('aftercare-survey');
const block = document.getElementById('aftercare-survey-config');
let config: unknown;
try {
  config = JSON.parse(block?.textContent ?? '');
} catch {
  config = undefined; // reported below, as a config that is not an object
}
if (!root) console.error(`${PREFIX}: expected <div id="aftercare-survey"> on the page`);
else {
  startSurveyPage({ root, config }).catch((e: unknown) => {
    // Our own errors name the field at fault; anything else is shown whole.
    if (e instanceof Error && e.message.startsWith('[aftercare')) console.error(e.message);
    else console.error(`${PREFIX}: could not show the survey:`, e);
  });
}
