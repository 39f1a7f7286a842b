// Eleventy fixture for benchmarks/compare.py: same outputs as the other peers
// (article pages, topic pages of 10, topic index, site feed + one feed per
// topic of 20 items).  compare.py copies this folder and adds posts/<yyyy>/...
// and _data/topicList.json ([{id, title}]; not "topics",
// which Eleventy would deep-merge into every article's own `topics`).
import pluginRss from "@11ty/eleventy-plugin-rss";
import { readFileSync } from "node:fs";

const PAGE_SIZE = 10;
const FEED_SIZE = 20;
const topics = JSON.parse(readFileSync(new URL("./_data/topicList.json", import.meta.url), "utf-8"));
const titles = Object.fromEntries(topics.map((t) => [t.id, t.title]));

function newestFirst(api) {
  return api.getFilteredByGlob("./posts/**/*.md").sort((a, b) => b.date - a.date);
}

function byTopic(api) {
  const groups = new Map();
  for (const item of newestFirst(api)) {
    for (const id of item.data.topics) {
      if (!groups.has(id)) groups.set(id, []);
      groups.get(id).push(item);
    }
  }
  return groups;
}

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(pluginRss);
  eleventyConfig.addFilter("topicTitle", (id) => titles[id]);
  eleventyConfig.addFilter("isoDay", (date) => date.toISOString().slice(0, 10));
  eleventyConfig.addCollection("articles", newestFirst);
  // Eleventy has no paginated tag pages built in: one entry per (topic, page).
  eleventyConfig.addCollection("topicPages", (api) => {
    const pages = [];
    for (const [id, items] of [...byTopic(api)].sort()) {
      const total = Math.ceil(items.length / PAGE_SIZE);
      for (let number = 1; number <= total; number++) {
        pages.push({ id, number, total, items: items.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE) });
      }
    }
    return pages;
  });
  eleventyConfig.addCollection("topicFeeds", (api) =>
    [...byTopic(api)].sort().map(([id, items]) => ({ id, count: items.length, items: items.slice(0, FEED_SIZE) })));
}

export const config = {
  markdownTemplateEngine: false,
  htmlTemplateEngine: "njk",
};
