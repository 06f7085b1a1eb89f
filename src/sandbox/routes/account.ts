import { nextMidnight, utcOffset } from "../clock";
import { ok, type Route } from "../router";

export interface AccountInfo {
  timeZone: string;
  companyCurrency: string;
  dailyLimit: () => number;
  dailyUsed: () => number;
}

/** Account details (the portal guard reads `portalId`) and the daily API usage of private apps. */
export function accountRoutes(account: AccountInfo): Route[] {
  return [
    {
      method: "GET",
      path: "/account-info/v3/details",
      handler: ({ store }) => {
        const offset = utcOffset(account.timeZone);
        return ok({
          portalId: store.state.portalId,
          accountType: "STANDARD",
          timeZone: account.timeZone,
          companyCurrency: account.companyCurrency,
          additionalCurrencies: [],
          utcOffset: offset.text,
          utcOffsetMilliseconds: offset.ms,
          uiDomain: "app.hubspot.com",
          dataHostingLocation: "na1",
        });
      },
    },
    {
      method: "GET",
      path: "/account-info/v3/api-usage/daily/private-apps",
      handler: ({ now }) =>
        ok({
          results: [
            {
              name: "private-apps-api-calls-daily",
              usageLimit: account.dailyLimit(),
              currentUsage: account.dailyUsed(),
              collectedAt: now,
              fetchStatus: "SUCCESS",
              resetsAt: nextMidnight(account.timeZone).toISOString(),
            },
          ],
        }),
    },
  ];
}
