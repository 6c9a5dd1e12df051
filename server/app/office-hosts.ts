// The sites that show the task pane in a frame: Excel on the web and the Microsoft 365 pages that
// embed it, in the global cloud and in Microsoft 365 operated by 21Vianet (世纪互联). A browser
// checks frame-ancestors against every ancestor of the pane's frame (Excel's own frame and the page
// around it), so both the Excel frame's host and each page that opens workbooks must be listed.
//
// Sources (checked 2026-11):
// - Global: Microsoft Teams platform docs, "Configure Content Security Policy headers"
//   (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements; msteams-docs
//   includes/tabs/content-security-policy-headers.md): *.cloud.microsoft for every Microsoft 365
//   host (Excel on the web now runs at excel.cloud.microsoft), *.microsoft365.com and *.office.com
//   for the Microsoft 365 app, outlook.office365.com / *.office365.com, teams.microsoft.com.
//   Excel on the web's own frame is *.officeapps.live.com ("Microsoft 365 Common and Office Online"
//   in "Microsoft 365 URLs and IP address ranges"); workbooks open from SharePoint and OneDrive for
//   work (*.sharepoint.com) and from personal OneDrive (onedrive.live.com).
// - 21Vianet: "URLs and IP address ranges for Microsoft 365 operated by 21Vianet"
//   (learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges-21vianet):
//   *.sharepoint.cn (SharePoint/OneDrive), *.partner.officewebapps.cn and *.partner.office365.cn
//   (Office for the web; Excel's frame is *.officeapps.partner.office365.cn),
//   *.partner.microsoftonline.cn (the portal users start from), *.partner.outlook.cn (Outlook on
//   the web, which opens attached workbooks).

/** Every Office host allowed to frame the pane, as CSP sources (a `*.` source matches any depth of subdomain). */
export const OFFICE_FRAME_ANCESTORS = {
  global: [
    'https://*.officeapps.live.com',
    'https://*.cloud.microsoft',
    'https://*.office.com',
    'https://*.microsoft365.com',
    'https://*.office365.com',
    'https://*.sharepoint.com',
    'https://onedrive.live.com',
    'https://teams.microsoft.com',
    'https://*.teams.microsoft.com',
  ],
  china21Vianet: [
    'https://*.partner.office365.cn',
    'https://*.partner.officewebapps.cn',
    'https://*.sharepoint.cn',
    'https://*.partner.microsoftonline.cn',
    'https://*.partner.outlook.cn',
  ],
} as const;
