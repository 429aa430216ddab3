// Chat and reactions in a live show, end to end with two browser contexts: a guest viewer on a
// phone and the host in the studio on a laptop. Messages travel through REST and the show's
// realtime channel; markup typed into the chat stays text.
import { expect, test } from '@playwright/test';
import { hostGoesLive, shot, viewports } from './support';

const showId = 'show-summer-eyewear';

test.use({ locale: 'en-US' });


test('a guest chats and sends hearts; the host sees them, deletes a message and it disappears for the guest', async ({ browser }) => {
  const { context: hostContext, page: host } = await hostGoesLive(browser, showId);
  const viewerContext = await browser.newContext({ viewport: viewports.phone });
  try {
    const hostChat = host.getByTestId('chat-panel');
    await expect(hostChat).toBeVisible();

    const viewer = await viewerContext.newPage();
    await viewer.goto(`/shows/${showId}`);
    await expect(viewer.getByTestId('stage-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
    const viewerChat = viewer.getByTestId('chat-panel');

    // A guest must give a display name first; the composer says so instead of sending.
    await viewer.getByTestId('chat-input').fill('Hello from the phone');
    await viewer.getByTestId('chat-send').click();
    await expect(viewer.getByTestId('chat-error')).toHaveText(/display name/);
    await viewer.getByTestId('chat-name').fill('Mika');
    await viewer.getByTestId('chat-send').click();
    await expect(viewer.getByTestId('chat-input')).toHaveValue('');
    // The name is remembered: the field gives way to "as Mika".
    await expect(viewer.getByTestId('chat-name')).toHaveCount(0);
    await expect(viewerChat.getByText('as Mika')).toBeVisible();

    const onHost = hostChat.getByTestId('chat-message').filter({ hasText: 'Hello from the phone' });
    await expect(onHost).toHaveCount(1);
    await expect(onHost).toContainText('Mika');
    const messageId = await onHost.getAttribute('data-message-id');
    expect(messageId).toBeTruthy();
    await expect(viewerChat.locator(`[data-message-id="${messageId}"]`)).toHaveCount(1);

    // A refused message is explained next to the text, which stays for editing.
    await viewer.getByTestId('chat-input').fill('what the fuck');
    await viewer.getByTestId('chat-send').click();
    await expect(viewer.getByTestId('chat-error')).toHaveText('Your message contains a word that is not allowed here.');
    await expect(viewer.getByTestId('chat-input')).toHaveValue('what the fuck');
    await shot(viewer, 'live-chat-phone-viewer-error');

    // Markup is text: the literal characters show, and no element is made from them.
    await viewer.getByTestId('chat-input').fill('<b>bold</b>');
    await viewer.getByTestId('chat-send').click();
    const bold = hostChat.getByTestId('chat-message').filter({ hasText: '<b>bold</b>' });
    await expect(bold).toHaveCount(1);
    await expect(bold.locator('b')).toHaveCount(0);
    await expect(viewerChat.getByTestId('chat-message').filter({ hasText: '<b>bold</b>' }).locator('.chat__text')).toHaveText('<b>bold</b>');

    // Hearts: a few quick taps on the phone become a burst on the host's page.
    for (let i = 0; i < 12; i += 1) await viewer.getByTestId('reaction-button').click();
    await expect.poll(() => host.getByTestId('reaction-burst').count(), { message: 'hearts float up in the studio' }).toBeGreaterThan(0);
    await shot(host, 'live-chat-laptop-host');
    await shot(viewer, 'live-chat-phone-viewer');

    // The host deletes the first message, with a confirm step; it disappears for the guest.
    await onHost.getByTestId('chat-delete').click();
    await host.getByTestId('chat-confirm').click();
    await expect(hostChat.locator(`[data-message-id="${messageId}"]`)).toHaveCount(0);
    await expect(viewerChat.locator(`[data-message-id="${messageId}"]`)).toHaveCount(0);
    await expect(viewerChat.getByTestId('chat-message').filter({ hasText: '<b>bold</b>' })).toHaveCount(1);

    // A poll: the host starts it, the guest votes once and both see the result; a question asked
    // on the phone reaches the studio.
    await host.getByTestId('poll-question').fill('Which frame next?');
    const optionInputs = host.getByTestId('poll-option-input');
    await optionInputs.nth(0).fill('Aviator');
    await optionInputs.nth(1).fill('Round');
    await host.getByTestId('poll-start').click();
    await expect(host.getByTestId('poll-card')).toHaveAttribute('data-state', 'open');
    await viewer.getByTestId('engagement-toggle').click();
    const viewerPoll = viewer.getByTestId('poll-card');
    await expect(viewerPoll).toContainText('Which frame next?');
    await viewerPoll.getByTestId('poll-option').filter({ hasText: 'Round' }).click();
    await expect(viewerPoll).toContainText('Thanks for voting');
    await expect(viewerPoll.getByTestId('poll-option').first()).toBeDisabled();
    await expect(host.getByTestId('poll-card')).toContainText('1 vote');
    await viewer.getByTestId('question-input').fill('Do they come in black?');
    await viewer.getByTestId('question-ask').click();
    await expect(host.getByTestId('question-item').filter({ hasText: 'Do they come in black?' })).toHaveCount(1);
    await shot(viewer, 'live-chat-phone-viewer-poll');
    await viewer.getByTestId('engagement-toggle').click();

    // Both pages at both sizes, for a person to look at.
    for (let i = 0; i < 8; i += 1) await viewer.getByTestId('reaction-button').click();
    await host.setViewportSize(viewports.phone);
    await viewer.setViewportSize(viewports.laptop);
    await expect(viewer.getByTestId('chat-panel')).toBeVisible();
    await shot(host, 'live-chat-phone-host');
    await host.getByTestId('poll-card').scrollIntoViewIfNeeded();
    await shot(host, 'live-chat-phone-host-poll');
    await shot(viewer, 'live-chat-laptop-viewer');
    await viewer.getByTestId('engagement-toggle').click();
    await expect(viewer.getByTestId('questions-panel')).toBeVisible();
    await shot(viewer, 'live-chat-laptop-viewer-qa');
    await viewer.setViewportSize(viewports.phone);
    await shot(viewer, 'live-chat-phone-viewer-qa');
  } finally {
    await hostContext.close();
    await viewerContext.close();
  }
});
