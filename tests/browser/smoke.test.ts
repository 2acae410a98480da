import { test } from 'vitest';
import { startDemo, launch, watch } from './harness.ts';
test('smoke', async () => {
const demo = await startDemo();
const { context, close } = await launch();
const page = await context.newPage();
const w = watch(page);
await page.goto(demo.base + '/');
await page.waitForSelector('aftercare-survey', { timeout: 5000 }).catch(e => console.log('no survey', e.message));
await page.screenshot({ path: '/tmp/s1.png' });
await page.getByRole('radio', { name: '4 Satisfied' }).click();
await page.getByRole('textbox').fill('Great <img src=x onerror=alert(1)>');
await page.getByRole('button', { name: 'Send' }).click();
await page.waitForTimeout(800);
await page.screenshot({ path: '/tmp/s2.png' });
console.log(w.errors, demo.rows());
await close(); await demo.stop();
});
