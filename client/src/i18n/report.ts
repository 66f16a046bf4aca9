import { area } from './area.ts';

/** Grid member's report page (/report) on a phone. */
export const reportMessages = area(
  {
    reportTitle: '上报事件',
    repTitle: "网格员上报",
    repUseLocation: "使用当前位置",
    repTapMap: "或在地图上点选位置",
    repMatter: "事项",
    repMatterSearch: "搜索事项名称或编码，如 占道",
    repPhoto: "现场照片",
    repPhotoStored: "照片已保存",
    repPhotoUploading: "照片上传中…",
    repNoPhoto: "未附照片",
    repPhotoFailed: "照片上传失败",
  },
  {
    reportTitle: 'File a report',
    repTitle: "Grid member report",
    repUseLocation: "Use my location",
    repTapMap: "or tap the map",
    repMatter: "Matter",
    repMatterSearch: "Search a matter by name or code",
    repPhoto: "Photo",
    repPhotoStored: "Photo stored",
    repPhotoUploading: "Uploading photo…",
    repNoPhoto: "No photo",
    repPhotoFailed: "Photo upload failed",
  },
);
